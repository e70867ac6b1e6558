namespace StirShaken.Identity.Certificates;

/// <summary>An RFC 8226 TelephoneNumberRange: <paramref name="Start"/> and a <paramref name="Count"/> of at least 2.</summary>
/// <param name="Start">First number of the range (digits, <c>#</c>, <c>*</c>).</param>
/// <param name="Count">How many numbers the range covers.</param>
public readonly record struct TelephoneNumberRange(string Start, long Count);
