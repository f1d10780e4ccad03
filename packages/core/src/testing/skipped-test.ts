/** A test the plugin author opts out of, with the reason shown in the test report (must not be blank). */
export interface SkippedTest<TestId extends string> {
  readonly test: TestId;
  readonly reason: string;
}
