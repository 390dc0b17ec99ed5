/**
 * Guardrails: an input guardrail checks the user's message before (or while) the agent runs, an
 * output guardrail checks the final answer. A tripped guardrail raises a typed exception.
 *   npx tsx examples/guardrails.ts
 */
import {
  Agent, InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered, Runner, inputGuardrail, outputGuardrail,
} from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { lastUserText } from './shared/request.js';

// Guardrail functions may be sync or async; a real one often runs a small agent of its own.
const noHomework = inputGuardrail(
  (_ctx, _agent, input) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    const isHomework = /solve for x|homework/i.test(text);
    return { outputInfo: { isHomework }, tripwireTriggered: isHomework };
  },
  { name: 'no_math_homework' },
);

const noPhoneNumbers = outputGuardrail(
  (_ctx, _agent, output) => {
    const leaked = /\d{3}-\d{4}/.test(String(output));
    return { outputInfo: { leaked }, tripwireTriggered: leaked };
  },
  { name: 'no_phone_numbers' },
);

const agent = new Agent({
  name: 'Support agent',
  instructions: 'Help customers with their questions.',
  inputGuardrails: [noHomework],
  outputGuardrails: [noPhoneNumbers],
});

const model = await exampleModel((body) => {
  const question = lastUserText(body);
  if (/call/i.test(question)) return { output: [textMessage('Call our support line at 555-0100.')] };
  return { output: [textMessage('You can reset your password from the sign-in page.')] };
});

for (const question of ['How do I reset my password?', 'Can you solve for x: 2x + 3 = 11? It is my homework.', 'Whom can I call?']) {
  try {
    const result = await Runner.run(agent, question, { runConfig: model.runConfig });
    console.log(`ok: ${result.finalOutput}`);
  } catch (error) {
    if (error instanceof InputGuardrailTripwireTriggered || error instanceof OutputGuardrailTripwireTriggered) {
      console.log(`blocked by ${error.guardrailResult.guardrail.name}: ${JSON.stringify(error.guardrailResult.output.outputInfo)}`);
    } else {
      throw error;
    }
  }
}

await model.close();
