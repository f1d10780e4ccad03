import { runCli } from './run-cli.js';

/** What one CLI invocation printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with `cwd`, capturing both streams (the tests' stand-in for a child process). */
export function cliRunner(cwd: string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      cwd,
    });
    return { code, stdout, stderr };
  };
}
