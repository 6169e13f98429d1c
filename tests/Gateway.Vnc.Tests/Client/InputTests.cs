using Gateway.Core.Parameters;
using Gateway.Vnc.Client;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Input;

namespace Gateway.Vnc.Tests.Client;

public sealed class InputTests
{
    [Theory]
    [InlineData('a', 0x1E)]
    [InlineData('A', 0x1E)]
    [InlineData('1', 0x02)]
    [InlineData('!', 0x02)]
    [InlineData('0', 0x0B)]
    [InlineData(' ', 0x39)]
    [InlineData('/', 0x35)]
    [InlineData('?', 0x35)]
    [InlineData('~', 0x29)]
    [InlineData(0xFF0D, 0x1C)]
    [InlineData(0xFFBE, 0x3B)]
    [InlineData(0xFFC9, 0x58)]
    [InlineData(0xFF52, 0xC8)]
    [InlineData(0xFFE4, 0x9D)]
    [InlineData(0x20AC, 0)]
    public void UsKeysymsMapToXtScancodes(int keysym, int scancode) => Assert.Equal(scancode, XtScancodes.Lookup(keysym));

    [Fact]
    public void ClipboardEncodingsRoundTrip()
    {
        Assert.Equal("ISO8859-1", ClipboardEncoding.FromName(null).Name);
        Assert.Equal("ISO8859-1", ClipboardEncoding.FromName("bogus").Name);
        Assert.Equal([0x63, 0x61, 0x66, 0xE9, 0x3F], ClipboardEncoding.Latin1.Encode("café€"));
        Assert.Equal("café", ClipboardEncoding.Latin1.Decode([0x63, 0x61, 0x66, 0xE9]));
        var utf8 = ClipboardEncoding.FromName("utf-8");
        Assert.Equal("café€", utf8.Decode(utf8.Encode("café€")));
        var cp1252 = ClipboardEncoding.FromName("CP1252");
        Assert.Equal([0x80], cp1252.Encode("€"));
        var utf16 = ClipboardEncoding.FromName("UTF-16");
        Assert.Equal([0x41, 0x00], utf16.Encode("A"));
    }

    [Fact]
    public void EncodingListFollowsTheParameter()
    {
        int[] all = [EncodingType.Raw, EncodingType.CopyRect, EncodingType.Tight, EncodingType.Zrle, EncodingType.Cursor];
        var list = EncodingPreferences.Build("zrle  copyrect bogus", all, localCursor: true, compressLevel: 6, qualityLevel: 8, forceLossless: false);
        Assert.Equal([EncodingType.Zrle, EncodingType.CopyRect, EncodingType.Raw, EncodingType.CompressLevel0 + 6, EncodingType.QualityLevel0 + 8, EncodingType.Cursor], list[..6]);
        Assert.Contains(EncodingType.ExtendedDesktopSize, list);
        Assert.Contains(EncodingType.LastRect, list);
        Assert.Contains(EncodingType.ExtendedClipboard, list);

        var lossless = EncodingPreferences.Build(null, all, localCursor: false, compressLevel: -1, qualityLevel: 9, forceLossless: true);
        Assert.Equal([EncodingType.Tight, EncodingType.Zrle, EncodingType.CopyRect, EncodingType.Raw], lossless[..4]);
        Assert.DoesNotContain(EncodingType.QualityLevel0 + 9, lossless);
        Assert.DoesNotContain(EncodingType.Cursor, lossless);
    }

    [Fact]
    public void UnsetLevelsAskForLibvncclientDefaultsWhenTightIsOffered()
    {
        int[] all = [EncodingType.Tight, EncodingType.Zrle, EncodingType.CopyRect, EncodingType.Raw];
        var list = EncodingPreferences.Build(null, all, localCursor: false, compressLevel: -1, qualityLevel: -1, forceLossless: false);
        Assert.Contains(EncodingType.CompressLevel0 + 3, list);
        Assert.Contains(EncodingType.QualityLevel0 + 5, list);

        var lossless = EncodingPreferences.Build(null, all, localCursor: false, compressLevel: -1, qualityLevel: -1, forceLossless: true);
        Assert.Contains(EncodingType.CompressLevel0 + 3, lossless);
        Assert.DoesNotContain(lossless, e => e >= EncodingType.QualityLevel0 && e <= EncodingType.QualityLevel0 + 9);

        var noTight = EncodingPreferences.Build("zrle copyrect", all, localCursor: false, compressLevel: -1, qualityLevel: -1, forceLossless: false);
        Assert.DoesNotContain(noTight, e => (e >= EncodingType.CompressLevel0 && e <= EncodingType.CompressLevel0 + 9)
            || (e >= EncodingType.QualityLevel0 && e <= EncodingType.QualityLevel0 + 9));
    }

    [Fact]
    public void SettingsUseGuacamoleNames()
    {
        var schema = ParameterSchema.For(typeof(VncSettings));
        foreach (string name in new[]
                 {
                     "hostname", "port", "read-only", "disable-display-resize", "encodings", "username", "password", "swap-red-blue",
                     "color-depth", "cursor", "autoretry", "clipboard-encoding", "disable-copy", "disable-paste", "disable-server-input",
                     "force-lossless", "compress-level", "quality-level",
                 })
        {
            Assert.Contains(name, schema.Names);
        }

        Assert.True(schema.IsSecret("password"));
        var bound = schema.BindObject(new Dictionary<string, string> { ["hostname"] = "h", ["cursor"] = "remote", ["port"] = "5901" });
        var settings = Assert.IsType<VncSettings>(bound.Settings);
        Assert.Equal(VncCursorMode.Remote, settings.Cursor);
        Assert.Equal(5901, settings.Port);
        Assert.Equal(-1, settings.QualityLevel);
    }
}
