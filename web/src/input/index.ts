// Keyboard, mouse and touch input. These modules only emit keysyms and mouse states; the application shell forwards
// them to the client. Nothing here depends on the client or on the remote protocol.

export { InputEmitter, type Listener } from './emitter';
export {
    KeyLocation,
    Keysym,
    baseCharacterOfCode,
    codePointFromKeysym,
    isModifierKeysym,
    isPrintableKey,
    keysymFromCodePoint,
    keysymFromKey,
    singleCodePoint,
} from './keysyms';
export {
    Keyboard,
    isDefaultBrowserShortcut,
    type CompositionEventLike,
    type InputEventLike,
    type KeyEventLike,
    type KeyboardEvents,
    type KeyboardOptions,
    type TimerScheduler,
} from './keyboard';
export {
    Mouse,
    WheelAccumulator,
    buttonMask,
    idleMouseState,
    mouseState,
    sameMouseState,
    type CoordinateMapper,
    type MouseEvents,
    type MouseOptions,
    type MouseState,
    type PointerEventLike,
    type WheelEventLike,
    type WheelOptions,
} from './mouse';
export { Touch, type TouchClock, type TouchMode, type TouchOptions } from './touch';
export {
    OnScreenKeyboard,
    usLayout,
    type OnScreenKey,
    type OnScreenLayout,
    type OnScreenModifier,
} from './on-screen-keyboard';
export {
    KeyboardLock,
    type FullscreenDocument,
    type KeyboardLockApi,
    type KeyboardLockEvents,
    type KeyboardLockOptions,
} from './keyboard-lock';
