namespace StirShaken.Identity.Passport;

/// <summary>
/// An <c>orig</c> identity (RFC 8225 §5.2.1): exactly one of a canonical telephone number
/// (<see cref="Tn"/>) or a URI (<see cref="Uri"/>).
/// </summary>
public sealed record PassportIdentity
{
    private PassportIdentity(string? tn, string? uri)
    {
        Tn = tn;
        Uri = uri;
    }

    /// <summary>The canonical TN (digits, <c>#</c>, <c>*</c>), or null.</summary>
    public string? Tn { get; }

    /// <summary>The URI, or null.</summary>
    public string? Uri { get; }

    /// <summary>Creates a TN identity.</summary>
    public static PassportIdentity FromTn(string tn) => new(tn ?? throw new ArgumentNullException(nameof(tn)), null);

    /// <summary>Creates a URI identity.</summary>
    public static PassportIdentity FromUri(string uri) => new(null, uri ?? throw new ArgumentNullException(nameof(uri)));

    /// <inheritdoc />
    public override string ToString() => Tn ?? Uri ?? string.Empty;
}
