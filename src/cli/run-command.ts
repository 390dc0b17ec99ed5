import type { Agent } from '../agent/agent.js';
import type { Session } from '../sessions/session.js';
import { Runner } from '../run/runner.js';
import type { CliCommand } from './command.js';
import { parseAgentArgs, type AgentArgs } from './agent-args.js';
import { describeError, printEvent, processOutput, type CliOutput } from './event-printer.js';
import { loadAgent } from './load-agent.js';
import { setUpModel, type ModelSetup } from './model-setup.js';
import { readStdin } from './read-stdin.js';
import { openCliSession } from './session-store.js';
import { CliUsageError } from './cli-errors.js';

const USAGE = `Usage: agentrun run <file> [input...] [options]

Run the agent that <file> (TypeScript or JavaScript, no build step) exports, on one input, and
stream its answer to standard output. Tool calls, handoffs and errors go to standard error.
Input: the words after <file>, joined with spaces; with none, standard input.

Options:
  --agent NAME      the export holding the agent (default: the default export)
  --model M         the model for every agent of the run (RunConfig.model)
  --max-turns N     at most N model calls (default 10)
  --session ID      keep the conversation in a SQLite session under $AGENTRUN_HOME (default ~/.agentrun)
  --json            print one JSON object {finalOutput, lastAgent, newItems, usage} instead of the text
  --offline         use agentrun's scripted model (no API key, no network): it calls the agent's
                    first tool once, then answers "echo: <input>"
  -h, --help        show this text

Needs OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server) unless --offline
or the agent has its own Model object. Exit codes: 0 done, 1 the run failed, 2 bad usage.
`;

/** Runs one input through the agent, streaming; returns the exit code. */
async function runOnce(agent: Agent<unknown, unknown>, input: string, options: { args: AgentArgs; model: ModelSetup; session: Session | undefined; output: CliOutput }): Promise<number> {
  const { args, output } = options;
  const result = Runner.runStreamed(agent, input, {
    runConfig: options.model.runConfig,
    ...(args.maxTurns !== undefined && { maxTurns: args.maxTurns }),
    ...(options.session !== undefined && { session: options.session }),
  });
  let last = '';
  for await (const event of result.streamEvents()) {
    const text = printEvent(event, output, { showText: !args.json });
    if (text.length > 0) last = text;
  }
  if (last.length > 0 && !last.endsWith('\n')) output.text('\n');
  if (result.interruptions.length > 0) {
    const names = result.interruptions.map((item) => item.toolName).join(', ');
    output.info(`agentrun: the run stopped for approval of ${names}; the CLI cannot approve tool calls (use Runner.run and RunState in code)`);
    return 1;
  }
  if (args.json) {
    const newItems = result.newItems.filter((item) => item.type !== 'tool_approval_item').map((item) => item.toInputItem());
    output.text(`${JSON.stringify({ finalOutput: result.finalOutput, lastAgent: result.lastAgent.name, newItems, usage: result.contextWrapper.usage })}\n`);
  }
  return 0;
}

/** `agentrun run`. */
export const runCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const args = parseAgentArgs('run', argv);
    const agent = await loadAgent(args.file, args.agent);
    const model = await setUpModel(agent, args);
    let session: Session & { close?: () => void } | undefined;
    try {
      const input = args.input.length > 0 ? args.input.join(' ') : (await readStdin()).replace(/\r?\n$/, '');
      if (input.trim().length === 0) throw new CliUsageError('agentrun run: no input (give it after <file> or on standard input)');
      session = args.session !== undefined ? openCliSession(args.session) : undefined;
      return await runOnce(agent, input, { args, model, session, output: processOutput });
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      processOutput.info(`agentrun: ${describeError(error)}`);
      return 1;
    } finally {
      session?.close?.();
      await model.close();
    }
  },
};
