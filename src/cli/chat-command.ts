import { createInterface } from 'node:readline';
import type { Agent } from '../agent/agent.js';
import { Runner } from '../run/runner.js';
import type { RunResultStreaming } from '../run/run-result-streaming.js';
import { MemorySession } from '../sessions/memory-session.js';
import type { Session } from '../sessions/session.js';
import type { CliCommand } from './command.js';
import { parseAgentArgs } from './agent-args.js';
import { describeError, printEvent, processOutput } from './event-printer.js';
import { loadAgent } from './load-agent.js';
import { setUpModel, type ModelSetup } from './model-setup.js';
import { openCliSession } from './session-store.js';

const USAGE = `Usage: agentrun chat <file> [options]

Chat with the agent that <file> exports: one user turn per line, from the terminal or a pipe,
until end of input (Ctrl-D). The conversation is kept in a session. Ctrl-C cancels the
current turn, not the chat.

Options:
  --agent NAME      the export holding the agent (default: the default export)
  --model M         the model for every agent of the run (RunConfig.model)
  --session ID      keep the conversation in a SQLite session under $AGENTRUN_HOME (default
                    ~/.agentrun), to continue it later; default: in memory for this chat
  --offline         use agentrun's scripted model (no API key, no network)
  -h, --help        show this text
`;

interface ChatTurn {
  result: RunResultStreaming<unknown, unknown> | undefined;
  cancelled: boolean;
}

/** One chat turn, streamed; a failure is reported and the chat goes on. */
async function chatTurn(agent: Agent<unknown, unknown>, line: string, options: { model: ModelSetup; session: Session; turn: ChatTurn }): Promise<void> {
  const { turn } = options;
  let last = '';
  try {
    turn.result = Runner.runStreamed(agent, line, { runConfig: options.model.runConfig, session: options.session });
    for await (const event of turn.result.streamEvents()) {
      const text = printEvent(event, processOutput, { showText: true });
      if (text.length > 0) last = text;
    }
    if (last.length > 0 && !last.endsWith('\n')) processOutput.text('\n');
    if (turn.cancelled) processOutput.info('[turn cancelled]');
  } catch (error) {
    if (last.length > 0 && !last.endsWith('\n')) processOutput.text('\n');
    processOutput.info(`agentrun: ${describeError(error)}`);
  } finally {
    turn.result = undefined;
    turn.cancelled = false;
  }
}

/** `agentrun chat`. */
export const chatCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const args = parseAgentArgs('chat', argv);
    const agent = await loadAgent(args.file, args.agent);
    const model = await setUpModel(agent, args);
    const session: Session & { close?: () => void } = args.session !== undefined ? openCliSession(args.session) : new MemorySession();
    const interactive = process.stdin.isTTY === true;
    const rl = createInterface({ input: process.stdin, ...(interactive && { output: process.stdout, prompt: 'you> ' }), terminal: interactive });
    const turn: ChatTurn = { result: undefined, cancelled: false };
    const interrupt = (): void => {
      if (turn.result !== undefined) {
        turn.cancelled = true;
        turn.result.cancel('immediate');
      } else if (interactive) {
        process.stdout.write('\n(Ctrl-D ends the chat)\n');
        rl.prompt();
      } else {
        rl.close();
      }
    };
    rl.on('SIGINT', interrupt); // a terminal in raw mode: readline turns Ctrl-C into this event
    process.on('SIGINT', interrupt); // a pipe: the signal itself
    try {
      if (interactive) {
        processOutput.info(`Chatting with ${agent.name}. Ctrl-C cancels a turn, Ctrl-D ends the chat.`);
        rl.prompt();
      }
      for await (const line of rl) {
        if (line.trim().length > 0) await chatTurn(agent, line, { model, session, turn });
        if (interactive) rl.prompt();
      }
      if (interactive) process.stdout.write('\n');
      return 0;
    } finally {
      process.off('SIGINT', interrupt);
      rl.close();
      session.close?.();
      await model.close();
    }
  },
};
