using System.Collections.Frozen;

namespace Gateway.Vnc.Input;

/// <summary>
/// X11 keysym → PC/XT (set 1) scancode for a US keyboard, for QEMU Extended Key Events (community rfbproto): the
/// server then maps the physical key with its own layout. Extended (0xE0-prefixed) keys use 0x80 | code, as that
/// message expects. Shifted and unshifted keysyms of one key share its scancode.
/// </summary>
public static class XtScancodes
{
    private static readonly FrozenDictionary<int, ushort> Table = Build();

    /// <summary>The scancode for <paramref name="keysym"/>, or 0 when the key is not on a US keyboard.</summary>
    public static ushort Lookup(int keysym) => Table.TryGetValue(keysym, out ushort code) ? code : (ushort)0;

    private static FrozenDictionary<int, ushort> Build()
    {
        var map = new Dictionary<int, ushort>();

        // Rows of the main block: each character with its shifted twin, and the scancode of the key.
        AddRow(map, "1234567890-=", "!@#$%^&*()_+", 0x02);
        AddRow(map, "qwertyuiop[]", "QWERTYUIOP{}", 0x10);
        AddRow(map, "asdfghjkl;'`", "ASDFGHJKL:\"~", 0x1E);
        AddRow(map, "\\", "|", 0x2B);
        AddRow(map, "zxcvbnm,./", "ZXCVBNM<>?", 0x2C);
        map[' '] = 0x39;

        (int Keysym, ushort Code)[] named =
        [
            (0xFF1B, 0x01), // Escape
            (0xFF08, 0x0E), // BackSpace
            (0xFF09, 0x0F), // Tab
            (0xFE20, 0x0F), // ISO_Left_Tab (shift+tab)
            (0xFF0D, 0x1C), // Return
            (0xFFE3, 0x1D), // Control_L
            (0xFFE1, 0x2A), // Shift_L
            (0xFFE2, 0x36), // Shift_R
            (0xFFAA, 0x37), // KP_Multiply
            (0xFFE9, 0x38), // Alt_L
            (0xFFE7, 0x38), // Meta_L
            (0xFFE5, 0x3A), // Caps_Lock
            (0xFF7F, 0x45), // Num_Lock
            (0xFF14, 0x46), // Scroll_Lock
            (0xFFB7, 0x47), (0xFF95, 0x47), // KP_7 / KP_Home
            (0xFFB8, 0x48), (0xFF97, 0x48), // KP_8 / KP_Up
            (0xFFB9, 0x49), (0xFF9A, 0x49), // KP_9 / KP_Prior
            (0xFFAD, 0x4A), // KP_Subtract
            (0xFFB4, 0x4B), (0xFF96, 0x4B), // KP_4 / KP_Left
            (0xFFB5, 0x4C), (0xFF9D, 0x4C), // KP_5 / KP_Begin
            (0xFFB6, 0x4D), (0xFF98, 0x4D), // KP_6 / KP_Right
            (0xFFAB, 0x4E), // KP_Add
            (0xFFB1, 0x4F), (0xFF9C, 0x4F), // KP_1 / KP_End
            (0xFFB2, 0x50), (0xFF99, 0x50), // KP_2 / KP_Down
            (0xFFB3, 0x51), (0xFF9B, 0x51), // KP_3 / KP_Next
            (0xFFB0, 0x52), (0xFF9E, 0x52), // KP_0 / KP_Insert
            (0xFFAE, 0x53), (0xFF9F, 0x53), // KP_Decimal / KP_Delete
            (0xFFC8, 0x57), // F11
            (0xFFC9, 0x58), // F12
            (0xFF8D, 0x9C), // KP_Enter (E0 1C)
            (0xFFE4, 0x9D), // Control_R (E0 1D)
            (0xFFAF, 0xB5), // KP_Divide (E0 35)
            (0xFF61, 0xB7), // Print (E0 37)
            (0xFFEA, 0xB8), // Alt_R (E0 38)
            (0xFE03, 0xB8), // ISO_Level3_Shift (AltGr)
            (0xFFE8, 0xB8), // Meta_R
            (0xFF50, 0xC7), // Home
            (0xFF52, 0xC8), // Up
            (0xFF55, 0xC9), // Prior
            (0xFF51, 0xCB), // Left
            (0xFF53, 0xCD), // Right
            (0xFF57, 0xCF), // End
            (0xFF54, 0xD0), // Down
            (0xFF56, 0xD1), // Next
            (0xFF63, 0xD2), // Insert
            (0xFFFF, 0xD3), // Delete
            (0xFFEB, 0xDB), // Super_L
            (0xFFEC, 0xDC), // Super_R
            (0xFF67, 0xDD), // Menu
        ];
        foreach (var (keysym, code) in named)
        {
            map[keysym] = code;
        }

        for (int f = 0; f < 10; f++)
        {
            map[0xFFBE + f] = (ushort)(0x3B + f); // F1..F10
        }

        return map.ToFrozenDictionary();
    }

    private static void AddRow(Dictionary<int, ushort> map, string plain, string shifted, ushort first)
    {
        for (int i = 0; i < plain.Length; i++)
        {
            map[plain[i]] = (ushort)(first + i);
            map[shifted[i]] = (ushort)(first + i);
        }
    }
}
