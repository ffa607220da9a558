/**
 * How long a console password must be. Apart from lib/crypto/password.ts so that the
 * console's forms can say it without pulling the native argon2 module into the browser.
 */
export const PASSWORD_MIN_LENGTH = 12;
