import { describe, expect, it } from 'vitest';
import { linearQueryComplexity } from './linear-query-complexity.js';

describe("Linear's query price", () => {
  it('counts 0.1 a property and 1 an object, and multiplies what a connection selects by its page size', () => {
    // viewer: 1 + 2 × 0.1
    expect(linearQueryComplexity('{ viewer { id name } }')).toBe(2);
    // teams(first: 10): 1 + 10 × (nodes: 1 + 0.1) = 12
    expect(linearQueryComplexity('{ teams(first: 10) { nodes { key } } }')).toBe(12);
    // without a page size, 50: 1 + 50 × 1.1 = 56
    expect(linearQueryComplexity('{ teams { nodes { key } } }')).toBe(56);
    // nested: issues(first: $n) each with comments(first: 5): 1 + 3 × (nodes 1 + id 0.1 + comments (1 + 5 × 1.1)) = 23.8 → 24
    expect(
      linearQueryComplexity('query($n: Int!) { issues(first: $n) { nodes { id comments(first: 5) { nodes { id } } } } }', { n: 3 }),
    ).toBe(24);
  });
});
