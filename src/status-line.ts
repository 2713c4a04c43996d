/** Where the status line writes: a stream, and whether it is a terminal. */
export interface StatusOutput {
  isTTY: boolean
  /** The terminal's width in characters, when known. */
  columns?: number | undefined
  write(text: string): void
}

export interface StatusLine {
  /** Prints a line of its own; the status stays below it. */
  print(line: string): void
  /** Shows the status: in place on a terminal; elsewhere as a plain line, at most one every `plainEveryMs`. */
  show(status: string): void
  /** Leaves the last status on the screen, and the cursor below it. */
  end(): void
}

/** `\r` and "erase the line": the status is written over. */
const CLEAR_LINE = '\r\x1b[2K'

/**
 * One status line that updates in place on a terminal, with other lines printed above it. When the output is not a
 * terminal (a file, a pipe, CI), nothing is rewritten: the status is printed as a plain line now and then.
 */
export function createStatusLine(
  output: StatusOutput,
  options: { plainEveryMs: number; now: () => number },
): StatusLine {
  let shown: string | undefined
  let lastPlainAtMs = Number.NEGATIVE_INFINITY
  const withinWidth = (text: string) => {
    const width = output.columns ?? 0
    return width > 1 && text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text
  }
  return {
    print(line) {
      if (!output.isTTY) {
        output.write(`${line}\n`)
        return
      }
      output.write(`${shown === undefined ? '' : CLEAR_LINE}${line}\n${shown === undefined ? '' : withinWidth(shown)}`)
    },
    show(status) {
      if (output.isTTY) {
        shown = status
        output.write(`${CLEAR_LINE}${withinWidth(status)}`)
        return
      }
      if (options.now() - lastPlainAtMs < options.plainEveryMs) return
      lastPlainAtMs = options.now()
      output.write(`${status}\n`)
    },
    end() {
      if (output.isTTY && shown !== undefined) output.write('\n')
      shown = undefined
    },
  }
}
