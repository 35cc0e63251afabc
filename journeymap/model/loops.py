"""Strongly connected components of a flow graph: the loops customers can go round.

Shared by the validation (every loop must let customers leave) and the flow figures (each loop is
solved on its own, upstream first).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["strongly_connected_components"]


def strongly_connected_components(successors: Sequence[Sequence[int]]) -> list[list[int]]:
    """Components of the graph whose node ``i`` leads to ``successors[i]``, upstream first.

    Tarjan's algorithm, iterative (a journey can be a chain of thousands of steps). Tarjan emits a
    component only after every component reachable from it, so the reversed list is a topological
    order of the condensation.

    Examples
    --------
    >>> strongly_connected_components([[1], [2], [1, 3], []])  # 0 → 1 ⇄ 2 → 3
    [[0], [2, 1], [3]]
    """
    n = len(successors)
    index_of = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index_of[root] != -1:
            continue
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            node, position = work[-1]
            children = successors[node]
            if position < len(children):
                work[-1] = (node, position + 1)
                child = children[position]
                if index_of[child] == -1:
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, 0))
                elif on_stack[child] and index_of[child] < low[node]:
                    low[node] = index_of[child]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    components.reverse()
    return components
