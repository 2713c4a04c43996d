import type { LineCounter, YAMLError } from 'yaml'
import type { ModelProblem } from './model-problem.ts'

const indentOf = (line: string) => line.length - line.trimStart().length
const isBlank = (line: string) => line.trim() === '' || line.trimStart().startsWith('#')
/** `key: value` with the value on the line (not `key:` opening a section, nor `- item`). */
const hasValue = (line: string) => /^\s*[^\s#-][^:#]*:\s+\S/.test(line) && !/:\s*(#.*)?$/.test(line)

/** The line (0-based) of a key line indented under a line that already has its value, from `from` on. */
function overIndentedLine(lines: readonly string[], from: number): number | undefined {
  for (let i = Math.max(1, from); i < Math.min(lines.length, from + 4); i++) {
    const line = lines[i] ?? ''
    if (isBlank(line)) continue
    let above = i - 1
    while (above >= 0 && isBlank(lines[above] ?? '')) above--
    const previous = lines[above] ?? ''
    if (above >= 0 && indentOf(line) > indentOf(previous) && hasValue(previous)) return i
  }
  return undefined
}

const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`

/**
 * YAML's syntax errors said for a person editing a model file, at the line to change: a line indented under a
 * setting that already has its value is named itself (YAML points at the line above it), a tab, a key given twice,
 * a quote or a bracket left open. Two errors YAML gives for one mistake are told once.
 */
export function describeYamlErrors(
  text: string,
  errors: readonly YAMLError[],
  lineCounter: LineCounter,
  file: string,
): ModelProblem[] {
  const lines = text.split('\n')
  const problems: ModelProblem[] = []
  const add = (line: number, column: number, message: string) => {
    if (!problems.some((p) => p.line === line && p.message === message)) problems.push({ file, line, column, message })
  }
  for (const error of errors) {
    const { line, col } = lineCounter.linePos(error.pos[0])
    const source = lines[line - 1] ?? ''
    const yamlSays = error.message.split('\n')[0] ?? error.message
    switch (error.code) {
      case 'BLOCK_AS_IMPLICIT_KEY':
      case 'MULTILINE_IMPLICIT_KEY':
      case 'BAD_INDENT': {
        if (yamlSays.startsWith('Flow sequence') || yamlSays.startsWith('Flow map')) {
          add(
            line,
            col,
            `a list or map opened with [ or { is not closed: end it with ${yamlSays.includes('map') ? '}' : ']'}`,
          )
          break
        }
        const over = overIndentedLine(lines, line - 1)
        if (over !== undefined) {
          let previous = over - 1
          while (previous > 0 && isBlank(lines[previous] ?? '')) previous--
          const sibling = lines[previous] ?? ''
          add(
            over + 1,
            indentOf(lines[over] ?? '') + 1,
            `this line is indented more than the line above ("${sibling.trim()}"), which already has its value: ` +
              `indent it by ${spaces(indentOf(sibling))} like that line`,
          )
          break
        }
        if (error.code === 'BAD_INDENT') {
          add(line, col, `this line is not lined up with the other settings of its section: indent them alike`)
          break
        }
        add(
          line,
          col,
          `a setting and its value go on one line ("key: value"): is a ":" missing, or a line indented too much?`,
        )
        break
      }
      case 'TAB_AS_INDENT':
        add(line, col, 'this line is indented with a tab: YAML takes spaces only')
        // The lines after it are read out of place because of it: what YAML says of them follows from the tab.
        return problems
      case 'DUPLICATE_KEY': {
        const key = source.trim().split(':')[0] ?? ''
        add(line, col, `"${key}" is given twice in the same section: keep one`)
        break
      }
      case 'MISSING_CHAR': {
        if (!yamlSays.includes('quote')) {
          add(line, col, yamlSays)
          break
        }
        // YAML notices at the end of the text; the quote to close is on the last line with an odd number of them.
        const opened = lines.slice(0, line).findLastIndex((l) => (l.match(/"/g)?.length ?? 0) % 2 === 1)
        const quoteLine = opened === -1 ? line : opened + 1
        const quoteColumn = opened === -1 ? col : (lines[opened] ?? '').lastIndexOf('"') + 1
        add(quoteLine, quoteColumn, 'this quote is not closed: end the text with another "')
        // What YAML says after it (an unclosed bracket, …) follows from the open quote.
        return problems
      }
      default:
        add(line, col, yamlSays)
    }
  }
  return problems
}
