// Minimal ANSI colouring for TTY output.
const CODES = { green: 32, yellow: 33, red: 31, cyan: 36, magenta: 35, blue: 34, gray: 90 } as const;
export type Color = keyof typeof CODES;

export function paint(color: Color, text: string): string {
  return `\u001b[${CODES[color]}m${text}\u001b[0m`;
}
