import { type ArgumentNode, type SelectionSetNode, Kind, parse } from 'graphql';

/** The most a single query may cost; Linear refuses anything above it ("Query too complex", HTTP 400). */
export const LINEAR_MAX_COMPLEXITY = 10_000;

/**
 * What Linear charges for a query, by the rule its rate-limiting guide gives: every property
 * 0.1 point, every object 1 point, and a connection multiplies what it selects by its page size
 * (`first`/`last`, 50 when absent), rounded up at the end. Linear applies it to the query as
 * sent, whatever exists, so a nested connection costs its page size per parent row.
 */
export function linearQueryComplexity(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  let total = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION) total += selectionCost(definition.selectionSet, variables);
  return Math.ceil(total - 1e-9);
}

function selectionCost(selectionSet: SelectionSetNode, variables: Record<string, unknown>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += selectionCost(selection.selectionSet, variables);
      continue;
    }
    if (selection.kind !== Kind.FIELD) continue;
    if (!selection.selectionSet) {
      cost += 0.1;
      continue;
    }
    const children = selectionCost(selection.selectionSet, variables);
    const connection = selection.selectionSet.selections.some(
      (child) => child.kind === Kind.FIELD && (child.name.value === 'nodes' || child.name.value === 'edges'),
    );
    cost += 1 + (connection ? pageSize(selection.arguments ?? [], variables) * children : children);
  }
  return cost;
}

function pageSize(args: readonly ArgumentNode[], variables: Record<string, unknown>): number {
  const argument = args.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
  if (!argument) return 50;
  if (argument.value.kind === Kind.INT) return Number(argument.value.value);
  if (argument.value.kind === Kind.VARIABLE) return Number(variables[argument.value.name.value] ?? 50);
  return 50;
}
