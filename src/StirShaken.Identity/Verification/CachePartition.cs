using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Verification;

/// <summary>
/// The part of a <see cref="PassportVerificationCache"/> key that names the configuration a verdict depends on: two
/// verifiers share verdicts only when they fetch from the same certificate source, validate with the same validator
/// (trust anchors, profile, validation options) and apply the same per-PASSporT policy. Immutable; the hash is computed once.
/// </summary>
internal sealed class CachePartition : IEquatable<CachePartition>
{
    private readonly ICertificateSource _certificates;
    private readonly CertificateValidator _validator;
    private readonly string _ppts;
    private readonly int _maxTokenLength;
    private readonly int _x5uInfoMismatchStatus;
    private readonly bool _enforceTnAuthorization;
    private readonly int _hash;

    public CachePartition(ICertificateSource certificates, CertificateValidator validator, VerifierOptions options)
    {
        _certificates = certificates;
        _validator = validator;
        _ppts = string.Join(',', options.SupportedPpts.Order(StringComparer.Ordinal));
        _maxTokenLength = options.Parser.MaxTokenLength;
        _x5uInfoMismatchStatus = options.X5uInfoMismatchStatus.Code;
        _enforceTnAuthorization = options.EnforceTnAuthorization;
        _hash = HashCode.Combine(_certificates, _validator, _ppts, _maxTokenLength, _x5uInfoMismatchStatus, _enforceTnAuthorization);
    }

    public bool Equals(CachePartition? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && _hash == other._hash
            && ReferenceEquals(_certificates, other._certificates)
            && ReferenceEquals(_validator, other._validator)
            && string.Equals(_ppts, other._ppts, StringComparison.Ordinal)
            && _maxTokenLength == other._maxTokenLength
            && _x5uInfoMismatchStatus == other._x5uInfoMismatchStatus
            && _enforceTnAuthorization == other._enforceTnAuthorization);

    public override bool Equals(object? obj) => Equals(obj as CachePartition);

    public override int GetHashCode() => _hash;
}
