/** Types for the `siphash24` package (SipHash-2-4, 8-byte tag, 16-byte key). */
declare module 'siphash24' {
  function siphash24(input: Uint8Array, key: Uint8Array, out?: Uint8Array): Uint8Array;
  namespace siphash24 {
    const BYTES: number;
    const KEYBYTES: number;
  }
  export default siphash24;
}
