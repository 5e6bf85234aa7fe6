import { describe, expect, it } from 'vitest';
import { deriveGithubReferences } from './references.js';

const derive = (body: string, container = 'octo/demo') =>
  deriveGithubReferences({ title: 'A title', body, container }, 'github:octo/demo#100').map((e) => [e.type, e.toRef, e.rule]);

describe('GitHub references in text', () => {
  it('reads closing keywords as CLOSES, inside the item’s repository', () => {
    expect(derive('Fixes #7 and closes #8. Resolved: #9')).toEqual([
      ['CLOSES', 'github:octo/demo#7', 'github-closing-keyword'],
      ['CLOSES', 'github:octo/demo#8', 'github-closing-keyword'],
      ['CLOSES', 'github:octo/demo#9', 'github-closing-keyword'],
    ]);
  });

  it('reads other numbers as REFERENCES, and owner/repo#N as that repository', () => {
    expect(derive('See #12, related to other/lib#3')).toEqual([
      ['REFERENCES', 'github:octo/demo#12', 'github-number'],
      ['REFERENCES', 'github:other/lib#3', 'github-repo-number'],
    ]);
  });

  it('ignores anchors, words, self references and repeats', () => {
    expect(derive('https://example.com/page#3 abc#4 #100 see #5 and #5 again, fixes #6, about #6')).toEqual([
      ['CLOSES', 'github:octo/demo#6', 'github-closing-keyword'],
      ['REFERENCES', 'github:octo/demo#5', 'github-number'],
    ]);
  });

  it('keeps the words that produced the edge', () => {
    const [edge] = deriveGithubReferences({ title: '', body: 'This fixes #7 for good', container: 'octo/demo' }, 'x');
    expect(edge?.snippet).toBe('fixes #7');
  });
});
