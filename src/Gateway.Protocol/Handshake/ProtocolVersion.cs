namespace Gateway.Protocol.Handshake;

/// <summary>Guacamole protocol versions (guac_protocol_version).</summary>
public enum ProtocolVersion
{
    /// <summary>Fixed handshake order; a peer that sends no version.</summary>
    V1_0_0 = 100,

    /// <summary>Version negotiation, any handshake order, <c>timezone</c>.</summary>
    V1_1_0 = 110,

    /// <summary>The <c>required</c> instruction.</summary>
    V1_3_0 = 130,

    /// <summary>The <c>msg</c> instruction and the <c>name</c> handshake instruction.</summary>
    V1_5_0 = 150,
}

/// <summary>Parsing and formatting of <c>VERSION_x_y_z</c> strings.</summary>
public static class ProtocolVersions
{
    /// <summary>The version this server speaks, sent first in <c>args</c>.</summary>
    public const ProtocolVersion Latest = ProtocolVersion.V1_5_0;

    /// <summary>E.g. <c>VERSION_1_5_0</c>.</summary>
    public static string ToWireString(this ProtocolVersion version) => version switch
    {
        ProtocolVersion.V1_0_0 => "VERSION_1_0_0",
        ProtocolVersion.V1_1_0 => "VERSION_1_1_0",
        ProtocolVersion.V1_3_0 => "VERSION_1_3_0",
        _ => "VERSION_1_5_0",
    };

    /// <summary>
    /// Reads a client's version. Anything that is not <c>VERSION_major_minor_patch</c> (including the empty
    /// string an old client sends) is 1.0.0; a newer version than ours negotiates down to ours; an
    /// intermediate version maps to the newest known version not above it.
    /// </summary>
    public static ProtocolVersion Parse(ReadOnlySpan<char> text)
    {
        const string prefix = "VERSION_";
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ProtocolVersion.V1_0_0;
        }

        var rest = text[prefix.Length..];
        Span<Range> parts = stackalloc Range[4];
        if (rest.Split(parts, '_') != 3)
        {
            return ProtocolVersion.V1_0_0;
        }

        if (!int.TryParse(rest[parts[0]], System.Globalization.NumberStyles.None, null, out int major)
            || !int.TryParse(rest[parts[1]], System.Globalization.NumberStyles.None, null, out int minor)
            || !int.TryParse(rest[parts[2]], System.Globalization.NumberStyles.None, null, out _))
        {
            return ProtocolVersion.V1_0_0;
        }

        if (major > 1 || (major == 1 && minor >= 5))
        {
            return ProtocolVersion.V1_5_0;
        }

        if (major < 1)
        {
            return ProtocolVersion.V1_0_0;
        }

        return minor switch
        {
            >= 3 => ProtocolVersion.V1_3_0,
            >= 1 => ProtocolVersion.V1_1_0,
            _ => ProtocolVersion.V1_0_0,
        };
    }

    /// <summary>True when the peer understands <c>required</c>.</summary>
    public static bool SupportsRequired(this ProtocolVersion version) => version >= ProtocolVersion.V1_3_0;

    /// <summary>True when the peer understands <c>msg</c> and the handshake <c>name</c>.</summary>
    public static bool SupportsMsg(this ProtocolVersion version) => version >= ProtocolVersion.V1_5_0;
}
