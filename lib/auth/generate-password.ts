import { randomInt } from "node:crypto";

// Lower-case letters and digits that cannot be mistaken for one another when read from a log
// (no o/0, i/l/1, s, z/2): 28 symbols; 20 of them carry 96 bits, far beyond online guessing.
const ALPHABET = "abcdefghjkmnpqrtuvwxy3456789";
const GROUPS = 4;
const GROUP_LENGTH = 5;

/** A strong password a person can copy or type: four dash-separated groups of five. */
export function generatePassword(): string {
  return Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  ).join("-");
}
