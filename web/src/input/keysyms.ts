// Maps KeyboardEvent values (https://www.w3.org/TR/uievents-key/, uievents-code) to X11 keysyms as the Guacamole
// `key` instruction expects them. Nothing here depends on the DOM.

/** KeyboardEvent.location values. */
export const KeyLocation = { standard: 0, left: 1, right: 2, numpad: 3 } as const;

/** Keysyms that other input modules refer to by name. */
export const Keysym = {
    BackSpace: 0xff08,
    Tab: 0xff09,
    Return: 0xff0d,
    Escape: 0xff1b,
    Delete: 0xffff,
    Home: 0xff50,
    Left: 0xff51,
    Up: 0xff52,
    Right: 0xff53,
    Down: 0xff54,
    PageUp: 0xff55,
    PageDown: 0xff56,
    End: 0xff57,
    Insert: 0xff63,
    Menu: 0xff67,
    F1: 0xffbe,
    ShiftLeft: 0xffe1,
    ShiftRight: 0xffe2,
    ControlLeft: 0xffe3,
    ControlRight: 0xffe4,
    CapsLock: 0xffe5,
    MetaLeft: 0xffe7,
    MetaRight: 0xffe8,
    AltLeft: 0xffe9,
    AltRight: 0xffea,
    SuperLeft: 0xffeb,
    SuperRight: 0xffec,
    IsoLevel3Shift: 0xfe03,
} as const;

/** A named key's keysym for the standard/left location, and optionally a different one for the right location. */
type Named = readonly [standard: number, right?: number];

// Named key values → keysyms. Keys that X has no keysym for (Fn, FnLock, Symbol, Dead, Process, Unidentified, ...)
// are absent on purpose: they are not sent.
const named: ReadonlyMap<string, Named> = new Map<string, Named>([
    // Modifiers
    ['Alt', [Keysym.AltLeft, Keysym.AltRight]],
    ['AltGraph', [Keysym.IsoLevel3Shift]],
    ['CapsLock', [Keysym.CapsLock]],
    ['Control', [Keysym.ControlLeft, Keysym.ControlRight]],
    ['Hyper', [0xffed, 0xffee]],
    ['Meta', [Keysym.SuperLeft, Keysym.SuperRight]],
    ['OS', [Keysym.SuperLeft, Keysym.SuperRight]],
    ['Super', [Keysym.SuperLeft, Keysym.SuperRight]],
    ['Win', [Keysym.SuperLeft, Keysym.SuperRight]],
    ['NumLock', [0xff7f]],
    ['ScrollLock', [0xff14]],
    ['Scroll', [0xff14]],
    ['Shift', [Keysym.ShiftLeft, Keysym.ShiftRight]],
    // Whitespace
    ['Enter', [Keysym.Return]],
    ['Tab', [Keysym.Tab]],
    // Navigation
    ['ArrowDown', [Keysym.Down]],
    ['ArrowLeft', [Keysym.Left]],
    ['ArrowRight', [Keysym.Right]],
    ['ArrowUp', [Keysym.Up]],
    ['Down', [Keysym.Down]],
    ['Left', [Keysym.Left]],
    ['Right', [Keysym.Right]],
    ['Up', [Keysym.Up]],
    ['End', [Keysym.End]],
    ['Home', [Keysym.Home]],
    ['PageDown', [Keysym.PageDown]],
    ['PageUp', [Keysym.PageUp]],
    // Editing
    ['Backspace', [Keysym.BackSpace]],
    ['Clear', [0xff0b]],
    ['Copy', [0x1008ff57]],
    ['CrSel', [0xfd1c]],
    ['Cut', [0x1008ff58]],
    ['Delete', [Keysym.Delete]],
    ['Del', [Keysym.Delete]],
    ['EraseEof', [0xfd06]],
    ['ExSel', [0xfd1b]],
    ['Insert', [Keysym.Insert]],
    ['Paste', [0x1008ff6d]],
    ['Redo', [0xff66]],
    ['Undo', [0xff65]],
    // User interface
    ['Again', [0xff66]],
    ['Attn', [0xfd0e]],
    ['Cancel', [0xff69]],
    ['ContextMenu', [Keysym.Menu]],
    ['Apps', [Keysym.Menu]],
    ['Escape', [Keysym.Escape]],
    ['Esc', [Keysym.Escape]],
    ['Execute', [0xff62]],
    ['Find', [0xff68]],
    ['Help', [0xff6a]],
    ['Pause', [0xff13]],
    ['Play', [0xfd16]],
    ['Select', [0xff60]],
    ['ZoomIn', [0x1008ff8b]],
    ['ZoomOut', [0x1008ff8c]],
    // Device
    ['BrightnessDown', [0x1008ff03]],
    ['BrightnessUp', [0x1008ff02]],
    ['Eject', [0x1008ff2c]],
    ['LogOff', [0x1008ff61]],
    ['Power', [0x1008ff2a]],
    ['PowerOff', [0x1008ff2a]],
    ['PrintScreen', [0xff61]],
    ['Hibernate', [0x1008ffa8]],
    ['Standby', [0x1008ff10]],
    ['WakeUp', [0x1008ff2b]],
    // IME and composition
    ['AllCandidates', [0xff3d]],
    ['Alphanumeric', [0xff30]],
    ['CodeInput', [0xff37]],
    ['Compose', [0xff20]],
    ['Convert', [0xff23]],
    ['GroupFirst', [0xfe0c]],
    ['GroupLast', [0xfe0e]],
    ['GroupNext', [0xfe08]],
    ['GroupPrevious', [0xfe0a]],
    ['ModeChange', [0xff7e]],
    ['NonConvert', [0xff22]],
    ['PreviousCandidate', [0xff3e]],
    ['SingleCandidate', [0xff3c]],
    ['HangulMode', [0xff31]],
    ['HanjaMode', [0xff34]],
    ['JunjaMode', [0xff38]],
    ['Eisu', [0xff2f]],
    ['Hankaku', [0xff29]],
    ['Hiragana', [0xff25]],
    ['HiraganaKatakana', [0xff27]],
    ['KanaMode', [0xff2d]],
    ['KanjiMode', [0xff21]],
    ['Katakana', [0xff26]],
    ['Romaji', [0xff24]],
    ['Zenkaku', [0xff28]],
    ['ZenkakuHankaku', [0xff2a]],
    // Multimedia and application keys that X defines (XF86 vendor keysyms)
    ['MediaPlayPause', [0x1008ff14]],
    ['MediaPlay', [0x1008ff14]],
    ['MediaPause', [0x1008ff31]],
    ['MediaStop', [0x1008ff15]],
    ['MediaTrackNext', [0x1008ff17]],
    ['MediaNextTrack', [0x1008ff17]],
    ['MediaTrackPrevious', [0x1008ff16]],
    ['MediaPreviousTrack', [0x1008ff16]],
    ['MediaRecord', [0x1008ff1c]],
    ['MediaRewind', [0x1008ff3e]],
    ['MediaFastForward', [0x1008ff97]],
    ['AudioVolumeDown', [0x1008ff11]],
    ['AudioVolumeUp', [0x1008ff13]],
    ['AudioVolumeMute', [0x1008ff12]],
    ['VolumeDown', [0x1008ff11]],
    ['VolumeUp', [0x1008ff13]],
    ['VolumeMute', [0x1008ff12]],
    ['MicrophoneVolumeMute', [0x1008ffb2]],
    ['LaunchMail', [0x1008ff19]],
    ['LaunchApplication1', [0x1008ff5d]],
    ['LaunchMyComputer', [0x1008ff33]],
    ['LaunchApplication2', [0x1008ff1d]],
    ['LaunchCalculator', [0x1008ff1d]],
    ['LaunchMediaPlayer', [0x1008ff32]],
    ['LaunchWebBrowser', [0x1008ff2e]],
    ['BrowserBack', [0x1008ff26]],
    ['BrowserForward', [0x1008ff27]],
    ['BrowserRefresh', [0x1008ff29]],
    ['BrowserStop', [0x1008ff28]],
    ['BrowserSearch', [0x1008ff1b]],
    ['BrowserFavorites', [0x1008ff30]],
    ['BrowserHome', [0x1008ff18]],
    ['Close', [0x1008ff56]],
    ['New', [0x1008ff68]],
    ['Open', [0x1008ff6b]],
    ['Print', [0xff61]],
    ['Save', [0x1008ff77]],
    ['SpellCheck', [0x1008ff7c]],
    ['MailForward', [0x1008ff90]],
    ['MailReply', [0x1008ff72]],
    ['MailSend', [0x1008ff7b]],
]);

// F1 (0xFFBE) to F35 (0xFFE0) are contiguous.
const maxFunctionKey = 35;

// Keypad keys by `code`. Digit and operator keys give KP_* regardless of NumLock: with NumLock off the browser reports
// the navigation meaning in `key`, handled by keypadNavigation below.
const keypadByCode: ReadonlyMap<string, number> = new Map<string, number>([
    ['NumpadAdd', 0xffab],
    ['NumpadSubtract', 0xffad],
    ['NumpadMultiply', 0xffaa],
    ['NumpadDivide', 0xffaf],
    ['NumpadEnter', 0xff8d],
    ['NumpadEqual', 0xffbd],
    ['NumpadComma', 0xffac],
    ['NumpadDecimal', 0xffae],
]);

const keypadNavigation: ReadonlyMap<string, number> = new Map<string, number>([
    ['Home', 0xff95],
    ['ArrowLeft', 0xff96],
    ['ArrowUp', 0xff97],
    ['ArrowRight', 0xff98],
    ['ArrowDown', 0xff99],
    ['PageUp', 0xff9a],
    ['PageDown', 0xff9b],
    ['End', 0xff9c],
    ['Clear', 0xff9d],
    ['Insert', 0xff9e],
    ['Delete', 0xff9f],
    ['Enter', 0xff8d],
]);

const kpZero = 0xffb0;

/** The keysym for one Unicode code point: Latin-1 keysyms equal the code point, the rest are 0x01000000 + code point. */
export function keysymFromCodePoint(codePoint: number): number | undefined {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > 0x10ffff) return undefined;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return undefined; // lone surrogate
    // Control characters that have a key of their own.
    switch (codePoint) {
        case 0x08: return Keysym.BackSpace;
        case 0x09: return Keysym.Tab;
        case 0x0a:
        case 0x0d: return Keysym.Return;
        case 0x1b: return Keysym.Escape;
        case 0x7f: return Keysym.Delete;
        default: break;
    }
    if (codePoint < 0x20 || (codePoint >= 0x80 && codePoint < 0xa0)) return undefined;
    if (codePoint <= 0xff) return codePoint;
    return 0x01000000 + codePoint;
}

/** The code point a keysym stands for, when it stands for one (the inverse of keysymFromCodePoint for printables). */
export function codePointFromKeysym(keysym: number): number | undefined {
    if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return keysym;
    if (keysym >= 0x01000100 && keysym <= 0x0110ffff) return keysym - 0x01000000;
    return undefined;
}

/** Whether `key` is a single printable character (one code point, not a named key value). */
export function isPrintableKey(key: string): boolean {
    const cp = singleCodePoint(key);
    return cp !== undefined && cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

/** The only code point of `text`, or undefined when it has zero or several. Counts code points, not UTF-16 units. */
export function singleCodePoint(text: string): number | undefined {
    if (text.length === 0 || text.length > 2) return undefined;
    const cp = text.codePointAt(0);
    if (cp === undefined) return undefined;
    return (cp > 0xffff ? 2 : 1) === text.length ? cp : undefined;
}

/**
 * The keysym for a key event's `key`, `code` and `location`, or undefined when the key has no keysym (modifier-only
 * keys such as Fn, 'Dead', 'Process', 'Unidentified', or an unknown name).
 */
export function keysymFromKey(key: string, code = '', location = 0): number | undefined {
    // The keypad is recognised by its physical code so that KP_* keysyms go out whatever NumLock says.
    if (code.startsWith('Numpad') || location === KeyLocation.numpad) {
        const kp = keypadKeysym(key, code);
        if (kp !== undefined) return kp;
    }

    const entry = named.get(key);
    if (entry !== undefined) {
        const [standard, right] = entry;
        return location === KeyLocation.right && right !== undefined ? right : standard;
    }

    const fn = /^F([1-9][0-9]?)$/.exec(key);
    if (fn !== null) {
        const n = Number(fn[1]);
        if (n >= 1 && n <= maxFunctionKey) return Keysym.F1 + n - 1;
        return undefined;
    }

    const cp = singleCodePoint(key);
    if (cp !== undefined) return keysymFromCodePoint(cp);
    return undefined;
}

function keypadKeysym(key: string, code: string): number | undefined {
    const digit = /^Numpad([0-9])$/.exec(code);
    if (digit !== null) {
        if (key.length === 1 && key >= '0' && key <= '9') return kpZero + Number(key);
        return keypadNavigation.get(key);
    }
    if (code === 'NumpadDecimal') {
        if (key === ',') return 0xffac; // layouts with a decimal comma: KP_Separator
        if (key === 'Delete') return 0xff9f;
        return 0xffae;
    }
    const byCode = keypadByCode.get(code);
    if (byCode !== undefined) return byCode;
    // An unknown code reported at the numpad location.
    if (key.length === 1 && key >= '0' && key <= '9') return kpZero + Number(key);
    return keypadNavigation.get(key);
}

const modifierKeysyms: ReadonlySet<number> = new Set<number>([
    Keysym.ShiftLeft, Keysym.ShiftRight, Keysym.ControlLeft, Keysym.ControlRight, Keysym.MetaLeft, Keysym.MetaRight,
    Keysym.AltLeft, Keysym.AltRight, Keysym.SuperLeft, Keysym.SuperRight, 0xffed, 0xffee,
    Keysym.IsoLevel3Shift, 0xfe11 /* ISO_Level5_Shift */, 0xff7e /* Mode_switch */,
]);

/** Whether a keysym is a modifier that is held rather than typed (Shift, Control, Alt, Meta, Super, Hyper, AltGr). */
export function isModifierKeysym(keysym: number): boolean {
    return modifierKeysyms.has(keysym);
}

/** The character a letter or digit key produces with no modifiers, from its `code` ('KeyQ' → 'q', 'Digit2' → '2'). */
export function baseCharacterOfCode(code: string): string | undefined {
    const letter = /^Key([A-Z])$/.exec(code);
    if (letter !== null) return letter[1]?.toLowerCase();
    const digit = /^Digit([0-9])$/.exec(code);
    if (digit !== null) return digit[1];
    return undefined;
}
