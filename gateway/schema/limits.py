"""Validation rules that bound the cost of an operation before it runs."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """A rule class that rejects operations nested deeper than `max_depth` fields."""

    class MaxDepthRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                f.name.value: f
                for f in context.document.definitions
                if isinstance(f, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth = self._depth(node.selection_set, 0, frozenset())
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"The operation nests {depth} levels deep; the limit is {max_depth}.",
                        node,
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                )

        def _depth(self, sel: SelectionSetNode | None, level: int, seen: frozenset[str]) -> int:
            if sel is None:
                return level
            deepest = level
            for s in sel.selections:
                if isinstance(s, FieldNode):
                    if s.name.value.startswith("__"):
                        continue  # introspection (e.g. GraphiQL's, with deep ofType nesting)
                    deepest = max(deepest, self._depth(s.selection_set, level + 1, seen))
                elif isinstance(s, InlineFragmentNode):
                    deepest = max(deepest, self._depth(s.selection_set, level, seen))
                elif isinstance(s, FragmentSpreadNode):
                    name = s.name.value
                    fragment = self.fragments.get(name)
                    if fragment is not None and name not in seen:
                        deepest = max(
                            deepest, self._depth(fragment.selection_set, level, seen | {name})
                        )
            return deepest

    MaxDepthRule.__name__ = f"MaxDepthRule{max_depth}"
    return MaxDepthRule
