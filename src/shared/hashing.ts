/** Each byte's two hex digits, so encoding is a lookup per byte (every request hashes its token). */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** `bytes[from..to)` as lowercase hex. */
export function toHex(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let hex = "";
  for (let i = from; i < to; i++) hex += HEX[bytes[i]!];
  return hex;
}

/** SHA-256 of bytes or text, hex-encoded. */
export async function sha256Hex(input: Uint8Array | string): Promise<string> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}
