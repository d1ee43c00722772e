import { describe, expect, it } from "vitest";
import { SecretBox } from "./crypto";

describe("SecretBox (AES-256-GCM)", () => {
  const box = new SecretBox("b".repeat(64));
  it("round-trips and never stores the plaintext", () => {
    const sealed = box.encryptJson({ refreshToken: "Atzr|secret" });
    expect(sealed).not.toContain("Atzr");
    expect(box.decryptJson(sealed)).toEqual({ refreshToken: "Atzr|secret" });
    expect(box.encrypt("x")).not.toBe(box.encrypt("x"));
  });
  it("rejects tampering and the wrong key", () => {
    const sealed = box.encrypt("hello");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("jello").toString("base64");
    expect(() => box.decrypt(parts.join("."))).toThrow();
    expect(() => new SecretBox("c".repeat(64)).decrypt(sealed)).toThrow();
    expect(() => new SecretBox("short")).toThrow(/32 bytes/);
  });
});
