"""GraphQL limits: tokens, depth, aliases, page size and a cost ceiling, bounded parser and
validation caches, and error reporting (suggestions hidden and unexpected errors masked in
production).

Every rejection is a top-level GraphQL error with a Chinese message and a stable
``extensions.code``: ``TOO_MANY_TOKENS``, ``QUERY_TOO_DEEP``, ``TOO_MANY_ALIASES``,
``QUERY_TOO_COSTLY``, ``BAD_USER_INPUT`` (``first`` out of range) and
``INTROSPECTION_DISABLED``. The standard rules' errors get ``GRAPHQL_PARSE_FAILED``,
``GRAPHQL_VALIDATION_FAILED`` or ``BAD_USER_INPUT`` (a variable's value) and a Chinese lead.

Introspection is held to the same depth and cost limits, raised only as far as the standard
introspection query (the one IDEs and code generators send) needs: a deeper or costlier
hand-written introspection query is refused.

Why not strawberry's ``QueryDepthLimiter``, ``MaxAliasesLimiter``, ``MaxTokensLimiter``,
``ParserCache``, ``ValidationCache`` and ``MaskErrors``: their messages are English without an
error code, a token-limit error raised inside ``ParserCache`` skips the other extensions,
``ValidationCache`` cannot hide suggestions, and ``MaskErrors`` masks client errors too and
logs no error id. The extensions here do the same work with those gaps closed; the caches are
still bounded ``functools.lru_cache`` instances, as in strawberry.
"""

import logging
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from core.metrics import count_error
from core.schema.extensions import CLIENT_FAULTS
from core.schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.unavailable import DATABASE_UNAVAILABLE, is_database_unavailable
from core.unavailable import MESSAGE as DATABASE_UNAVAILABLE_MESSAGE
from graphql import (
    SKIP,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    ValidationRule,
    VariableNode,
    get_introspection_query,
    parse,
    validate,
)

error_logger = logging.getLogger("junxiu.errors")

INTROSPECTION_ROOTS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}
#: the fullest standard introspection query: every option graphql-core (and GraphiQL) may ask for
STANDARD_INTROSPECTION = parse(
    get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        experimental_directive_deprecation=True,
        one_of=True,
    )
)

#: cost factor of a plain GraphQL list (no ``first`` argument) outside a connection
LIST_FACTOR = 10
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_PARSER_LIMIT = re.compile(r"(Document|Source) contains more than \d+ (tokens|comments|code points)")


@dataclass(frozen=True)
class GraphQLLimits:
    """The limits one schema enforces (see the ``Settings`` fields of the same names)."""

    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 3000
    max_query_cost: int = 20_000
    max_source_length: int = 100_000
    parser_cache_size: int = 256
    validation_cache_size: int = 256

    @classmethod
    def from_settings(cls, settings: Any) -> "GraphQLLimits":
        return cls(
            max_query_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_query_cost=settings.max_query_cost,
            max_source_length=settings.max_body_bytes,
            parser_cache_size=settings.parser_cache_size,
            validation_cache_size=settings.validation_cache_size,
        )


def limit_error(message: str, code: str, nodes: Any = None) -> GraphQLError:
    return GraphQLError(message, nodes, extensions={"code": code})


# --- walking a document with fragments expanded -------------------------------------------


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _operations(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


class _FragmentMemo:
    """A per-fragment measure computed once per document (so a fragment spread many times,
    or fragments spreading each other, cost linear time) with cycles counted as zero."""

    def __init__(
        self, fragments: Mapping[str, FragmentDefinitionNode], measure: Callable[[FragmentDefinitionNode], int]
    ) -> None:
        self.fragments = fragments
        self.measure = measure
        self.values: dict[str, int] = {}
        self.active: set[str] = set()

    def __call__(self, name: str) -> int:
        if name in self.values:
            return self.values[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:  # unknown or cyclic: other rules report it
            return 0
        self.active.add(name)
        try:
            value = self.measure(fragment)
        finally:
            self.active.discard(name)
        self.values[name] = value
        return value


def _depth(selection_set: SelectionSetNode | None, fragment: _FragmentMemo) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragment))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragment))
        elif isinstance(selection, FragmentSpreadNode):
            deepest = max(deepest, fragment(selection.name.value))
    return deepest


def _aliases(selection_set: SelectionSetNode | None, fragment: _FragmentMemo) -> int:
    if selection_set is None:
        return 0
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += (1 if selection.alias else 0) + _aliases(selection.selection_set, fragment)
        elif isinstance(selection, InlineFragmentNode):
            count += _aliases(selection.selection_set, fragment)
        elif isinstance(selection, FragmentSpreadNode):
            count += fragment(selection.name.value)
    return count


def _root_fields(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: frozenset[str] = frozenset()
) -> Iterator[FieldNode]:
    """The root fields of an operation, through fragments spread at the root."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _root_fields(fragments[name].selection_set, fragments, seen | {name})


def _split_roots(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[list[FieldNode], list[FieldNode]]:
    """(other root fields, introspection root fields) of ``operation``."""
    roots = list(_root_fields(operation.selection_set, fragments))
    return (
        [f for f in roots if f.name.value not in INTROSPECTION_ROOTS],
        [f for f in roots if f.name.value in INTROSPECTION_ROOTS],
    )


def _fields_depth(fields: list[FieldNode], fragment: _FragmentMemo) -> int:
    return max((1 + _depth(field.selection_set, fragment) for field in fields), default=0)


def _document_depth(document: DocumentNode) -> int:
    memo = _FragmentMemo(_fragments(document), lambda f: _depth(f.selection_set, memo))
    return max(_depth(operation.selection_set, memo) for operation in _operations(document))


# --- validation rules -----------------------------------------------------------------------


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """Rejects an operation whose fields nest deeper than ``max_depth`` (fragments expanded);
    introspection fields may go as deep as the standard introspection query if that is more."""
    # measured per schema (microseconds) rather than at import, where the mutation run can reach it
    introspection_limit = max(max_depth, _document_depth(STANDARD_INTROSPECTION))

    class QueryDepthRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            fragments = _fragments(node)
            memo = _FragmentMemo(fragments, lambda f: _depth(f.selection_set, memo))
            for operation in _operations(node):
                fields, introspection = _split_roots(operation, fragments)
                depth = _fields_depth(fields, memo)
                limit = max_depth
                introspection_depth = _fields_depth(introspection, memo)
                if introspection_depth > introspection_limit:
                    depth, limit = introspection_depth, introspection_limit
                if depth > limit:
                    name = f"操作 {operation.name.value} " if operation.name else "查询"
                    self.report_error(
                        limit_error(f"{name}嵌套过深：深度 {depth}，上限 {limit}", "QUERY_TOO_DEEP", operation)
                    )
            return SKIP

    return QueryDepthRule


def alias_rule(max_aliases: int) -> type[ValidationRule]:
    """Rejects a document with more than ``max_aliases`` aliased fields, counting a fragment's
    aliases each time it is spread."""

    class MaxAliasesRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            memo = _FragmentMemo(_fragments(node), lambda f: _aliases(f.selection_set, memo))
            total = sum(_aliases(operation.selection_set, memo) for operation in _operations(node))
            if total > max_aliases:
                self.report_error(
                    limit_error(f"别名过多：共 {total} 个（片段按每次展开计），上限 {max_aliases}", "TOO_MANY_ALIASES")
                )
            return SKIP

    return MaxAliasesRule


class NoIntrospectionRule(ValidationRule):
    """Production: ``__schema`` and ``__type`` are refused (``__typename`` stays allowed)."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                limit_error(f"生产环境已关闭内省查询（字段 {node.name.value}）", "INTROSPECTION_DISABLED", node)
            )


def query_cost_errors(
    schema: GraphQLSchema, document: DocumentNode, max_cost: int, variables: Mapping[str, Any] | None = None
) -> list[GraphQLError]:
    """The cost ceiling, and ``first`` within 0..MAX_PAGE_SIZE, for the request's variables.

    Each field costs 1. A field taking ``first`` (a connection) multiplies the cost of its
    selection by ``first`` (literal, variable, or the argument's default, else 20); lists
    inside a connection (``edges``) are bounded by it and do not multiply again. Any other
    list multiplies by ``LIST_FACTOR`` per list level. Nested lists multiply; fragments and
    inline fragments count where they are used. Introspection (``__schema``, ``__type``) is
    costed the same way; its ceiling is raised to what the standard introspection query
    costs when that is more.

    It runs per request, after the cached validation, because it reads the variables: a
    plain walk of the selections, not a validation rule, since ``validate`` would walk the
    whole document with type information whatever the rule skips.
    """
    return _QueryCost(schema, document, variables or {}).errors(max_cost)


class _QueryCost:
    """The cost of one document for one request's variables, and the ``first`` values out of range."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.document = document
        self.reported: dict[int, GraphQLError] = {}
        defaults: dict[str, Any] = {}
        for operation in _operations(document):
            for definition in operation.variable_definitions or ():
                if isinstance(definition.default_value, IntValueNode):
                    defaults[definition.variable.name.value] = int(definition.default_value.value)
        self.variable_values = {**defaults, **variables}
        self.fragment = _FragmentMemo(
            _fragments(document),
            lambda f: self.selection_cost(f.selection_set, schema.get_type(f.type_condition.name.value)),
        )

    def errors(self, max_cost: int) -> list[GraphQLError]:
        too_costly = []
        fragments = _fragments(self.document)
        introspection_ceiling = max(max_cost, _introspection_cost(self.schema))
        for operation in _operations(self.document):
            root = self.schema.get_root_type(operation.operation)
            fields, introspection = _split_roots(operation, fragments)
            cost, ceiling = sum(self.field_cost(field, root) for field in fields), max_cost
            introspection_cost = sum(self.field_cost(field, root) for field in introspection)
            if introspection_cost > introspection_ceiling:
                cost, ceiling = introspection_cost, introspection_ceiling
            if cost > ceiling:
                name = f"操作 {operation.name.value} " if operation.name else "查询"
                too_costly.append(
                    limit_error(
                        f"{name}代价过高：估算代价 {cost}，上限 {ceiling}；请减小 first 或减少嵌套的列表",
                        "QUERY_TOO_COSTLY",
                        operation,
                    )
                )
        return [*self.reported.values(), *too_costly]

    def selection_cost(self, selection_set: SelectionSetNode | None, parent: Any) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_cost(selection.selection_set, target)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def field_cost(self, node: FieldNode, parent: Any) -> int:
        name = node.name.value
        if name in INTROSPECTION_ROOTS:
            definition = INTROSPECTION_ROOTS[name]
        elif not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) or name not in parent.fields:
            return 1  # __typename, or unknown to the schema: the standard rules report it
        else:
            definition = parent.fields[name]
        paged = "first" in definition.args
        bounded = paged or _is_connection(parent)  # a connection's edges are bounded by its first
        return_type, factor = definition.type, self.page_size(node, definition) if paged else 1
        while isinstance(return_type, GraphQLNonNull | GraphQLList):
            if isinstance(return_type, GraphQLList) and not bounded:
                factor *= LIST_FACTOR
            return_type = return_type.of_type
        return 1 + factor * self.selection_cost(node.selection_set, return_type)

    def page_size(self, node: FieldNode, definition: GraphQLField) -> int:
        argument = next((a for a in node.arguments or () if a.name.value == "first"), None)
        value: Any = None
        if argument is None:
            default = definition.args["first"].default_value
            value = default if isinstance(default, int) else DEFAULT_PAGE_SIZE
        elif isinstance(argument.value, IntValueNode):
            value = int(argument.value.value)
        elif isinstance(argument.value, VariableNode):
            value = self.variable_values.get(argument.value.name.value)
        if not isinstance(value, int) or isinstance(value, bool):
            return DEFAULT_PAGE_SIZE
        if not 0 <= value <= MAX_PAGE_SIZE:
            self.reported.setdefault(
                id(node), limit_error(f"first 应在 0 到 {MAX_PAGE_SIZE} 之间（收到 {value}）", "BAD_USER_INPUT", node)
            )
            return MAX_PAGE_SIZE if value > MAX_PAGE_SIZE else 0
        return value


def _is_connection(type_: Any) -> bool:
    return isinstance(type_, GraphQLObjectType) and "edges" in type_.fields and "pageInfo" in type_.fields


@lru_cache(maxsize=8)  # per schema; a process builds one (tests a few)
def _introspection_cost(schema: GraphQLSchema) -> int:
    """What the standard introspection query costs (it reads no variables)."""
    query = schema.get_root_type(OperationType.QUERY)
    return sum(
        _QueryCost(schema, STANDARD_INTROSPECTION, {}).field_cost(field, query)
        for field in _split_roots(_operations(STANDARD_INTROSPECTION)[0], _fragments(STANDARD_INTROSPECTION))[1]
    )


# --- schema extensions ----------------------------------------------------------------------


class LimitedParsing(SchemaExtension):
    """Parses through a bounded cache, refusing documents over the token limit."""

    def __init__(self, limits: GraphQLLimits, cached_parse: Callable[..., DocumentNode]) -> None:
        super().__init__()
        self.limits = limits
        self.cached_parse = cached_parse

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        options: dict[str, Any] = {
            "max_lexical_tokens": self.limits.max_tokens,
            "max_comments": self.limits.max_tokens,
            "max_source_length": self.limits.max_source_length,
        }
        # strawberry's own parse (used when ours leaves the document unset) gets the same bounds
        context.parse_options.update(options)  # type: ignore[typeddict-item]
        if context.query and context.graphql_document is None:
            try:
                context.graphql_document = self.cached_parse(context.query, **options)
            except GraphQLSyntaxError as error:
                if _PARSER_LIMIT.search(error.message):
                    raise limit_error(
                        f"查询过长：词法记号超过上限 {self.limits.max_tokens}（或源文本超过 "
                        f"{self.limits.max_source_length} 字符）",
                        "TOO_MANY_TOKENS",
                    ) from None
                # any other syntax error: strawberry parses again and reports it as usual
        yield


class LimitedValidation(SchemaExtension):
    """Validates through a bounded cache with the limit rules added (and, in production,
    suggestions hidden and introspection refused); then, per request because it reads the
    variables, the cost and page-size rule."""

    def __init__(
        self,
        limits: GraphQLLimits,
        rules: tuple[type[ValidationRule], ...],
        cached_validate: Callable[..., list[GraphQLError]],
        hide_suggestions: bool,
    ) -> None:
        super().__init__()
        self.limits = limits
        self.rules = rules
        self.cached_validate = cached_validate
        self.hide_suggestions = hide_suggestions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            schema = context.schema._schema
            rules = (*context.validation_rules, *self.rules, MaybeNullValidationRule, OneOfInputValidationRule)
            errors = list(self.cached_validate(schema, document, rules, self.hide_suggestions))
            if not errors:
                errors = query_cost_errors(schema, document, self.limits.max_query_cost, context.variables)
            context.pre_execution_errors = errors
        yield


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ValidationRule], ...], hide_suggestions: bool
) -> list[GraphQLError]:
    return validate(schema, document, rules, hide_suggestions=hide_suggestions)


def is_unexpected(error: GraphQLError) -> bool:
    """An internal fault rather than the client's: raised while executing (it has a path),
    by something other than the client faults the schema labels itself."""
    original = error.original_error
    if original is None or error.path is None:
        return False
    return not isinstance(original, CLIENT_FAULTS)


def is_fault_around_execution(error: GraphQLError) -> bool:
    """An exception a schema extension raised before or after execution: strawberry answers
    it as an error with neither a path nor a location (a variable the client got wrong has a
    location), out of reach of ``ErrorReporting``."""
    original = error.original_error
    return original is not None and error.path is None and not error.nodes and not isinstance(original, CLIENT_FAULTS)


def log_unexpected(error: GraphQLError) -> str:
    """Logs ``error``'s original exception with its traceback on ``junxiu.errors`` under a new
    error id, and returns the id (the client gets it as ``extensions.errorId``)."""
    error_id = uuid.uuid4().hex
    original = error.original_error
    error_logger.error(
        "未预期的错误 errorId=%s path=%s: %r",
        error_id,
        ".".join(map(str, error.path or ())),
        original,
        exc_info=(type(original), original, original.__traceback__) if original else None,
        extra={"error_id": error_id},
    )
    return error_id


def request_error_code(error: GraphQLError) -> tuple[str, str]:
    """(code, Chinese lead) of an error graphql-core raised before execution: the document's
    syntax, its validation, or a variable's value (graphql-core words those ``Variable '$…``)."""
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED", "查询语法错误"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT", "变量取值不合法"
    return "GRAPHQL_VALIDATION_FAILED", "查询校验失败"


class ErrorReporting(SchemaExtension):
    """Gives every unexpected error the code ``INTERNAL`` and an ``errorId``, logged with the
    original exception on ``junxiu.errors``; a database that cannot be reached gets
    ``DATABASE_UNAVAILABLE`` instead (the endpoint answers 503). Errors of the standard rules
    get a code and a Chinese lead. In production the message of an unexpected error becomes
    ``内部错误`` and "Did you mean" suggestions are removed from every message. Every error is
    counted by its code in the metrics (core/metrics.py), when they are kept."""

    def __init__(self, production: bool) -> None:
        super().__init__()
        self.production = production

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [self.report(error) for error in errors]  # type: ignore[union-attr]
            for error in result.errors:
                count_error((error.extensions or {}).get("code"))

    def report(self, error: GraphQLError) -> GraphQLError:
        if is_unexpected(error) and is_database_unavailable(error.original_error):
            error_logger.warning("数据库不可用 path=%s: %r", ".".join(map(str, error.path or ())), error.original_error)
            return GraphQLError(
                DATABASE_UNAVAILABLE_MESSAGE,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                extensions={"code": DATABASE_UNAVAILABLE},
            )
        if is_unexpected(error):
            error_id = log_unexpected(error)
            original = error.original_error
            message = "内部错误" if self.production else error.message
            return GraphQLError(
                message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                None if self.production else original,
                extensions={"code": "INTERNAL", "errorId": error_id},
            )
        extensions = error.extensions or {}
        message = error.message
        if error.path is None and "code" not in extensions:
            code, lead = request_error_code(error)
            extensions, message = {**extensions, "code": code}, f"{lead}：{message}"
        if self.production:
            message = _SUGGESTION.sub("", message)
        if extensions == (error.extensions or {}) and message == error.message:
            return error
        return GraphQLError(
            message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            error.original_error,
            extensions=extensions,
        )


def schema_extensions(limits: GraphQLLimits, *, production: bool) -> list[Callable[[], SchemaExtension]]:
    """Extension factories (one instance per request) enforcing ``limits``."""
    cached_parse = lru_cache(maxsize=limits.parser_cache_size)(parse)
    cached_validate = lru_cache(maxsize=limits.validation_cache_size)(_validate)
    rules: tuple[type[ValidationRule], ...] = (depth_rule(limits.max_query_depth), alias_rule(limits.max_aliases))
    if production:
        rules = (*rules, NoIntrospectionRule)
    return [
        partial(LimitedParsing, limits, cached_parse),
        partial(LimitedValidation, limits, rules, cached_validate, production),
        partial(ErrorReporting, production),
    ]
