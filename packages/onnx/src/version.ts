/**
 * Identifies the gradient graphs this compiler emits. Caches of compiled models key on it:
 * bump `GRADIENT_RULES_REVISION` with every change to what any rule emits.
 */
export const COMPILER_VERSION = '0.1.0';
export const GRADIENT_RULES_REVISION = 10;
