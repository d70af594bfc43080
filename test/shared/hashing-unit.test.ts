import { describe, expect, it } from "vitest";
import { sha256Hex, toHex } from "../../src/shared/hashing";

describe("hashing", () => {
  it("hex-encodes SHA-256 as the standard test vector says", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex(new Uint8Array())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("encodes a slice of bytes with two lowercase digits each, leading zeros kept", () => {
    const bytes = Uint8Array.from([0x00, 0x0f, 0xa0, 0xff, 0x12]);
    expect(toHex(bytes)).toBe("000fa0ff12");
    expect(toHex(bytes, 1, 4)).toBe("0fa0ff");
    expect(toHex(bytes, 2, 2)).toBe("");
  });
});
