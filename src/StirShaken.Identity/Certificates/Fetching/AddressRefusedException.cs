namespace StirShaken.Identity.Certificates.Fetching;

/// <summary>Thrown inside the connect callback when every resolved address is special-purpose; becomes <see cref="CertificateFetchFailure.PolicyRefused"/>.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);
