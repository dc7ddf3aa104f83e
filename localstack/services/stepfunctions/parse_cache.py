"""Parses a state machine's definition and JSONPath expressions once, not on every execution.

moto's interpreter lexes and parses the whole definition with ANTLR at each StartExecution, and builds a
new JSONPath parser (a PLY grammar compiled from scratch) for each path it evaluates: together about half
of a three-state Pass execution's CPU. The parse tree is read-only once built, so executions of the same
definition share it; each execution still gets its own evaluation components (the preprocessor builds them
from the tree), since those carry per-execution state. Parsed JSONPath expressions are immutable and are
shared as they are. Both caches are bounded; a definition that does not parse is not cached.
"""

from __future__ import annotations

import functools
from typing import Any

from antlr4 import CommonTokenStream, InputStream
from jsonpath_ng import parse as parse_json_path
from jsonpath_ng.ext import parse as parse_json_path_ext
from moto.stepfunctions.parser.asl.antlr.runtime.ASLLexer import ASLLexer
from moto.stepfunctions.parser.asl.antlr.runtime.ASLParser import ASLParser
from moto.stepfunctions.parser.asl.parse import asl_parser
from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor

DEFINITIONS = 256
PATHS = 4096


@functools.lru_cache(maxsize=DEFINITIONS)
def definition_tree(definition: str) -> Any:
    """The ANTLR tree of a definition; raises moto's ASLParserException on syntax errors."""
    errors = asl_parser.SyntaxErrorListener()
    parser = ASLParser(CommonTokenStream(ASLLexer(InputStream(definition))))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    tree = parser.state_machine()
    if errors.errors:
        raise asl_parser.ASLParserException(errors=errors.errors)
    return tree


def parse_definition(definition: str) -> tuple[Any, Any]:
    """`AmazonStateLanguageParser.parse`: fresh evaluation components from the shared tree."""
    tree = definition_tree(definition)
    return Preprocessor().visit(tree), tree


json_path = functools.lru_cache(maxsize=PATHS)(parse_json_path)
json_path_ext = functools.lru_cache(maxsize=PATHS)(parse_json_path_ext)


def install() -> None:
    from moto.stepfunctions.parser.asl.component.common.path import result_path
    from moto.stepfunctions.parser.asl.utils import json_path as json_path_utils

    asl_parser.AmazonStateLanguageParser.parse = staticmethod(parse_definition)  # type: ignore[method-assign]
    result_path.parse = json_path  # type: ignore[attr-defined]
    json_path_utils.parse = json_path_ext  # type: ignore[attr-defined]
