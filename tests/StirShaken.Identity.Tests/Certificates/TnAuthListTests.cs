using StirShaken.Identity.Certificates;

namespace StirShaken.Identity.Tests.Certificates;

[TestFixture]
public sealed class TnAuthListTests
{
    private const string SpcVector = "3008A006160431323334";
    private const string AlphanumericSpcVector = "3008A00616043837334A";
    private const string RangeVector = "3015A1133011160B31323135353535313030300202 03E8";
    private const string OneVector = "300FA20D160B3132313535353531323132";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static TnAuthList Decode(string hex)
    {
        var decoded = TnAuthList.TryDecode(Hex(hex));
        Assert.That(decoded.IsSuccess, Is.True, decoded.Error.ToString());
        return decoded.Value!;
    }

    [Test]
    public void TnAuthList_SpcVector_DecodesFromRfcDer()
    {
        var list = Decode(SpcVector);
        Assert.Multiple(() =>
        {
            Assert.That(list.ServiceProviderCodes, Is.EqualTo(new[] { "1234" }));
            Assert.That(list.Ranges, Is.Empty);
            Assert.That(list.Numbers, Is.Empty);
        });
    }

    [Test]
    public void TnAuthList_AlphanumericSpcVector_DecodesFromDer()
    {
        Assert.That(Decode(AlphanumericSpcVector).ServiceProviderCodes, Is.EqualTo(new[] { "873J" }));
    }

    [Test]
    public void TnAuthList_RangeVector_DecodesFromDer()
    {
        var list = Decode(RangeVector);
        Assert.Multiple(() =>
        {
            Assert.That(list.Ranges, Is.EqualTo(new[] { new TelephoneNumberRange("12155551000", 1000) }));
            Assert.That(list.ServiceProviderCodes, Is.Empty);
        });
    }

    [Test]
    public void TnAuthList_OneVector_DecodesFromDer()
    {
        Assert.That(Decode(OneVector).Numbers, Is.EqualTo(new[] { "12155551212" }));
    }

    [TestCase(SpcVector)]
    [TestCase(AlphanumericSpcVector)]
    [TestCase(RangeVector)]
    [TestCase(OneVector)]
    public void TnAuthList_Vectors_RoundTripByteExact(string hex)
    {
        var list = Decode(hex);
        Assert.That(TnAuthList.Encode(list.ServiceProviderCodes, list.Ranges, list.Numbers), Is.EqualTo(Hex(hex)));
    }

    [Test]
    public void TnAuthList_Encode_SpcProducesRfcVector()
    {
        Assert.That(TnAuthList.Encode(["1234"]), Is.EqualTo(Hex(SpcVector)));
    }

    [Test]
    public void TnAuthList_MixedEntries_RoundTrip()
    {
        var der = TnAuthList.Encode(["1234", "873J"], [new TelephoneNumberRange("12155551000", 1000)], ["12155551212", "#31*"]);
        var list = Decode(Convert.ToHexString(der));
        Assert.Multiple(() =>
        {
            Assert.That(list.ServiceProviderCodes, Is.EqualTo(new[] { "1234", "873J" }));
            Assert.That(list.Ranges, Has.Count.EqualTo(1));
            Assert.That(list.Numbers, Is.EqualTo(new[] { "12155551212", "#31*" }));
        });
    }

    [TestCase("", "empty", TestName = "TnAuthList_NoBytes_IsRejected")]
    [TestCase("3000", "SEQUENCE is empty", TestName = "TnAuthList_EmptySequence_IsRejected")]
    [TestCase("3008A0061604313233", "well-formed", TestName = "TnAuthList_Truncated_IsRejected")]
    [TestCase("3008A00616043132333400", "well-formed", TestName = "TnAuthList_TrailingData_IsRejected")]
    [TestCase("A006160431323334", "not a SEQUENCE", TestName = "TnAuthList_NotASequence_IsRejected")]
    [TestCase("30068004 31323334", "not EXPLICIT", TestName = "TnAuthList_ImplicitSpcTag_IsRejected")]
    [TestCase("300CA00A16043132333416023536", "not EXPLICIT", TestName = "TnAuthList_TagWrappingTwoValues_IsRejected")]
    [TestCase("3008A306160431323334", "unknown alternative [3]", TestName = "TnAuthList_UnknownTag_IsRejected")]
    [TestCase("3006160431323334", "not a context-specific tag", TestName = "TnAuthList_UntaggedEntry_IsRejected")]
    [TestCase("3008A006130431323334", "not an IA5String", TestName = "TnAuthList_SpcNotIa5_IsRejected")]
    [TestCase("3004A0021600", "empty", TestName = "TnAuthList_EmptySpc_IsRejected")]
    [TestCase("3014A1123010160B313231353535353130303002 0101", "outside INTEGER (2..MAX)", TestName = "TnAuthList_RangeCountBelowTwo_IsRejected")]
    [TestCase("3014A1123010160B313231353535353130303002 01FF", "outside INTEGER (2..MAX)", TestName = "TnAuthList_RangeCountNegative_IsRejected")]
    [TestCase("3011A10F300D160B3132313535353531303030", "not a SEQUENCE { start", TestName = "TnAuthList_RangeWithoutCount_IsRejected")]
    [TestCase("3010A20E160C2B3132313535353531323132", "contains '+'", TestName = "TnAuthList_TelephoneNumberWithPlus_IsRejected")]
    [TestCase("3014A2121610 31323334353637383930313233343536", "16 characters", TestName = "TnAuthList_TelephoneNumberTooLong_IsRejected")]
    [TestCase("FFFFFFFF", "well-formed", TestName = "TnAuthList_Garbage_IsRejected")]
    public void TnAuthList_Malformed_IsRejectedWithError(string hex, string expectedError)
    {
        var decoded = TnAuthList.TryDecode(Hex(hex));
        Assert.Multiple(() =>
        {
            Assert.That(decoded.IsSuccess, Is.False);
            Assert.That(decoded.Value, Is.Null);
            Assert.That(decoded.Error.Message, Does.Contain(expectedError));
        });
    }

    [Test]
    public void TnAuthList_EmptyTelephoneNumber_IsRejected()
    {
        var decoded = TnAuthList.TryDecode(Hex("3004A2021600"));
        Assert.That(decoded.IsSuccess, Is.False);
        Assert.That(decoded.Error.Message, Does.Contain("SIZE (1..15)"));
    }

    [Test]
    public void TnAuthList_RandomBytes_NeverThrow()
    {
        var random = new Random(8226);
        var valid = Hex(RangeVector);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = valid.ToArray();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var length = random.Next(bytes.Length + 1);
            Assert.DoesNotThrow(() => TnAuthList.TryDecode(bytes.AsSpan(0, length)));
        }
    }

    [TestCase("12155551212", ExpectedResult = true)]
    [TestCase("12155551000", ExpectedResult = true)]
    [TestCase("12155551999", ExpectedResult = true)]
    [TestCase("12155552000", ExpectedResult = false)]
    [TestCase("12155550999", ExpectedResult = false)]
    [TestCase("121555510000", ExpectedResult = false)]
    [TestCase("2155551500", ExpectedResult = false)]
    [TestCase("1215555150*", ExpectedResult = false)]
    [TestCase("", ExpectedResult = false)]
    public bool TnAuthList_CoversNumber_MatchesSingleTnOrRangeOfSameLength(string tn)
    {
        var list = Decode(Convert.ToHexString(TnAuthList.Encode([], [new TelephoneNumberRange("12155551000", 1000)], ["12155551212"])));
        return list.CoversNumber(tn);
    }

    [Test]
    public void TnAuthList_CoversNumber_IgnoresSpcEntries()
    {
        Assert.That(Decode(SpcVector).CoversNumber("1234"), Is.False);
    }

    [TestCase("", ParseErrorCode.Empty, 0, TestName = "TnAuthList_NoBytes_HasCode")]
    [TestCase("FFFFFFFF", ParseErrorCode.InvalidAsn1, 0, TestName = "TnAuthList_Garbage_HasCode")]
    [TestCase("0400", ParseErrorCode.InvalidTnAuthList, 0, TestName = "TnAuthList_NotASequence_HasCode")]
    [TestCase("3000", ParseErrorCode.InvalidTnAuthList, 0, TestName = "TnAuthList_EmptySequence_HasCode")]
    [TestCase("3005A303160131", ParseErrorCode.InvalidTnEntry, 2, TestName = "TnAuthList_UnknownAlternative_HasCode")]
    [TestCase("3008A006130431323334", ParseErrorCode.InvalidServiceProviderCode, 2, TestName = "TnAuthList_SpcNotIa5_HasCode")]
    [TestCase("3004A0021600", ParseErrorCode.InvalidServiceProviderCode, 2, TestName = "TnAuthList_EmptySpc_HasCode")]
    [TestCase("3014A1123010160B313231353535353130303002 0101", ParseErrorCode.InvalidTelephoneNumberRange, 2, TestName = "TnAuthList_RangeCountBelowTwo_HasCode")]
    [TestCase("3011A10F300D160B3132313535353531303030", ParseErrorCode.InvalidTelephoneNumberRange, 2, TestName = "TnAuthList_RangeWithoutCount_HasCode")]
    [TestCase("3010A20E160C2B3132313535353531323132", ParseErrorCode.InvalidTelephoneNumber, 2, TestName = "TnAuthList_TelephoneNumberWithPlus_HasCode")]
    [TestCase("300E A006160431323334 A20416022B31", ParseErrorCode.InvalidTelephoneNumber, 10, TestName = "TnAuthList_BadSecondEntry_IsPositionedAtIt")]
    public void TnAuthList_Malformed_HasCodeAndEntryOffset(string hex, ParseErrorCode code, int position)
    {
        var error = TnAuthList.TryDecode(Hex(hex)).Error;
        Assert.That((error.Code, error.Position), Is.EqualTo((code, position)), error.Message);
    }

    [TestCase("12155551212", ExpectedResult = true, TestName = "TnAuthList_Authorizes_SpcVouchesForAnyNumber")]
    [TestCase(null, ExpectedResult = true, TestName = "TnAuthList_Authorizes_SpcVouchesWithoutNumber")]
    public bool TnAuthList_Authorizes_WithSpc(string? tn) => Decode(SpcVector).Authorizes(tn);

    [TestCase("12155551212", ExpectedResult = true, TestName = "TnAuthList_Authorizes_SingleTn")]
    [TestCase("12155551500", ExpectedResult = true, TestName = "TnAuthList_Authorizes_TnInRange")]
    [TestCase("12155552000", ExpectedResult = false, TestName = "TnAuthList_Authorizes_NotTnOutsideRange")]
    [TestCase("", ExpectedResult = false, TestName = "TnAuthList_Authorizes_NotEmptyTn")]
    [TestCase(null, ExpectedResult = false, TestName = "TnAuthList_Authorizes_NotNullTn")]
    public bool TnAuthList_Authorizes_DelegateCertificateTns(string? tn) =>
        Decode(Convert.ToHexString(TnAuthList.Encode([], [new TelephoneNumberRange("12155551000", 1000)], ["12155551212"]))).Authorizes(tn);

    [Test]
    public void TnAuthList_Authorizes_SpcAndTns_VouchedBySpc()
    {
        var list = Decode(Convert.ToHexString(TnAuthList.Encode(["1234"], null, ["12155551212"])));
        Assert.That(list.Authorizes("19995550000"), Is.True);
    }

    [Test]
    public void TnAuthList_Encode_RejectsInvalidEntries()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TnAuthList.Encode([]), Throws.ArgumentException);
            Assert.That(() => TnAuthList.Encode([""]), Throws.ArgumentException);
            Assert.That(() => TnAuthList.Encode([], [new TelephoneNumberRange("1215", 1)]), Throws.ArgumentException);
            Assert.That(() => TnAuthList.Encode([], null, ["+12155551212"]), Throws.ArgumentException);
        });
    }
}
