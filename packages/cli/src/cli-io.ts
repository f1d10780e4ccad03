/** Where the CLI reads and writes; injected so tests run the real commands without a child process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}
