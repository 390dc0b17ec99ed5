/**
 * The seeds' exercise: a three-question quiz over several runs with `toInputList()`, `maxTurns`
 * per run, `MaxTurnsExceeded` caught, and an error handler that ends a run that loops too long
 * with the partial score instead of an exception.
 *   npx tsx examples/quiz.ts
 */
import { z } from 'zod';
import { Agent, MaxTurnsExceeded, RunErrorHandlerResult, Runner, tool, type AgentInputItem } from '../src/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { toolOutputsSinceUser, userTexts } from './shared/request.js';

const QUESTIONS = [
  { question: 'What is the capital of France?', answer: 'paris' },
  { question: 'How many continents are there?', answer: '7' },
  { question: 'Which planet is the largest?', answer: 'jupiter' },
];

const checkAnswer = tool({
  name: 'check_answer',
  description: 'Check the answer to question number `question` (1-3).',
  parameters: z.object({ question: z.number().int(), answer: z.string() }),
  execute: async ({ question, answer }) => (QUESTIONS[question - 1]?.answer === answer.trim().toLowerCase() ? 'correct' : 'wrong'),
});

const agent = new Agent({
  name: 'Quiz Master',
  instructions: `You are a quiz master. Run a 3-question trivia quiz: ${QUESTIONS.map((q) => q.question).join(' ')}
- Ask one question at a time; check each answer with check_answer
- After the user answers, tell them if they're right or wrong and give the score
- After 3 questions, announce the final score`,
  tools: [checkAnswer],
});

// Offline, a quiz master that checks each answer with the tool, except that on the last answer
// it gets stuck re-checking (as models sometimes do), so that the max-turns handler shows.
const model = await exampleModel((body) => {
  const answers = userTexts(body).slice(1);
  const n = answers.length;
  const checks = toolOutputsSinceUser(body, 'check_answer');
  if (n === 0) return { output: [textMessage(`Question 1: ${QUESTIONS[0]!.question}`)] };
  if (checks.length === 0 || n === 3) return { output: [functionCall('check_answer', { question: n, answer: answers[n - 1]! })] };
  const score = answers.filter((a, i) => QUESTIONS[i]!.answer === a.trim().toLowerCase()).length;
  return { output: [textMessage(`${checks[0] === 'correct' ? 'Correct' : 'Wrong'}! Score: ${score}/${n}. Question ${n + 1}: ${QUESTIONS[n]!.question}`)] };
});

let score = 0;
const runConfig = {
  ...model.runConfig,
  maxTurns: 5,
  errorHandlers: {
    // Instead of MaxTurnsExceeded: end the run with the partial result, kept in the history.
    maxTurns: () => new RunErrorHandlerResult({ finalOutput: `We ran out of time. Final score so far: ${score}/3.` }),
  },
};

try {
  let result = await Runner.run(agent, 'Start the quiz!', { runConfig });
  console.log(`Quiz Master: ${result.finalOutput}`);
  for (const answer of ['Paris', '7', 'Saturn']) {
    console.log(`You: ${answer}`);
    const input: AgentInputItem[] = [...result.toInputList(), { role: 'user', content: answer }];
    result = await Runner.run(agent, input, { runConfig });
    score = Number(/Score: (\d)/.exec(String(result.finalOutput))?.[1] ?? score);
    console.log(`Quiz Master: ${result.finalOutput}`);
  }
} catch (error) {
  if (!(error instanceof MaxTurnsExceeded)) throw error;
  console.log('Quiz took too many turns — try again!');
}

await model.close();
