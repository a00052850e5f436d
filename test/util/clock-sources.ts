/**
 * monotonicClock's sources for tests of clock jumps: a wall clock the test moves by hand (a
 * system clock set back or forward) and a monotonic one that only elapses.
 */
export function jumpingSources(wall0: number, mono0 = 5_000) {
  let wall = wall0;
  let mono = mono0;
  return {
    src: { wall: () => wall, mono: () => mono },
    /** The system clock set by `ms` (negative: back); elapsed time does not move. */
    jumpWall: (ms: number) => (wall += ms),
    /** `ms` of real time pass: both clocks move. */
    elapse: (ms: number) => {
      wall += ms;
      mono += ms;
    },
  };
}
