namespace StirShaken.Identity.Certificates;

/// <summary>Why a certificate could not be obtained. All of these map to 436 Bad Identity Info.</summary>
public enum CertificateFetchFailure
{
    /// <summary>No failure.</summary>
    None,
    /// <summary>The URL is refused by policy (scheme, port, userinfo/query/fragment, special-purpose address).</summary>
    PolicyRefused,
    /// <summary>No certificate is known for this URL (offline sources).</summary>
    NotFound,
    /// <summary>The host name did not resolve.</summary>
    DnsFailure,
    /// <summary>The TCP connection failed.</summary>
    ConnectFailure,
    /// <summary>The TLS handshake failed.</summary>
    TlsFailure,
    /// <summary>The request took longer than the configured timeout.</summary>
    Timeout,
    /// <summary>The server answered with a non-2xx status.</summary>
    HttpStatus,
    /// <summary>The server answered with a redirect, which policy does not follow.</summary>
    Redirect,
    /// <summary>The body exceeded the size cap.</summary>
    TooLarge,
    /// <summary>The body is not a PEM or DER certificate (chain).</summary>
    NotACertificate,
    /// <summary>Anything else (reported with a detail message).</summary>
    Other,
}
