/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * `text` with each lone surrogate replaced by U+FFFD, as `String.prototype.toWellFormed` (ES2024) does. JSON lets a
 * client send one (`"\ud800"`) though it is no character: SQLite stores it as bytes it reads back as three U+FFFD,
 * so an id holding one does not find its own row again.
 */
export function toWellFormed(text: string): string {
  return text.replace(loneSurrogate, '\ufffd')
}
