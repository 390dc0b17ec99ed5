/** All of standard input as text (for `agentrun run` with no input words). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Type the input, then Ctrl-D on a new line.\n');
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}
