using Gateway.Vnc.Security;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>Parsing of the pinned certificate fingerprint setting (the TLS itself is proven against Xvnc in the integration tests).</summary>
public sealed class VncTlsTests
{
    [Theory]
    [InlineData("00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF")]
    [InlineData("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")]
    [InlineData("00-11-22-33-44-55-66-77-88-99-aa-bb-cc-dd-ee-ff-00-11-22-33-44-55-66-77-88-99-AA-BB-CC-DD-EE-FF")]
    public void ParseFingerprint_AcceptsCommonSpellings(string text)
    {
        byte[] parsed = VncTls.ParseFingerprint(text);
        Assert.Equal(32, parsed.Length);
        Assert.Equal(0x00, parsed[0]);
        Assert.Equal(0xFF, parsed[^1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0011")]
    [InlineData("zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    public void ParseFingerprint_RejectsOthers(string text) =>
        Assert.Throws<ArgumentException>(() => VncTls.ParseFingerprint(text));
}
