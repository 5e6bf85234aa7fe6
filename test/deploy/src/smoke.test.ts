import { expect, it } from 'vitest';
import { composeSchemaProblems } from './compose-schema.js';
import { kubernetesSchemaProblems } from './kubernetes-schema.js';
import { readYamlDocuments } from './repo.js';
it('smoke', () => {
  const [compose] = readYamlDocuments('deploy/compose.yaml');
  console.log(composeSchemaProblems('compose', compose!.value));
  for (const d of readYamlDocuments('deploy/k8s/gateway.yaml')) console.log(kubernetesSchemaProblems(d.source, d.value));
  expect(1).toBe(1);
});
