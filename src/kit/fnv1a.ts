/**
 * 32-bit FNV-1a of a string: a fast, stable hash for picking among variants
 * (NPC names, reply lines) and for turning a player id into a seed. Not for
 * anything an attacker should not be able to predict.
 */
export function fnv1a(text: string): number {
  // 2166136261 and 16777619 are FNV-1a's 32-bit offset basis and prime.
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
