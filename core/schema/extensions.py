"""Schema extensions that apply the security model to every operation: the authentication
gate, the audit of unmasked sensitive reads, and userError-like shape for service errors
raised on query paths."""

from collections.abc import AsyncIterator, Iterator

from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionResult
from tortoise.exceptions import ValidationError as FieldValidationError

from core.audit import event
from core.errors import ErrorCode, ServiceError
from core.models import AuditEvent
from core.models.enums import AuditAction
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

#: root fields an anonymous request may select
ANONYMOUS_FIELDS = frozenset({"login", "__typename"})
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def _root_fields(selection_set: SelectionSetNode, fragments: dict) -> Iterator[str]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _root_fields(fragments.pop(selection.name.value).selection_set, fragments)


class AuthenticationGate(SchemaExtension):
    """Unauthenticated requests reach only ``login`` (and introspection outside production)."""

    allow_introspection = True

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if not context.context.principal.authenticated and context.graphql_document is not None:
            definitions = context.graphql_document.definitions
            fragments = {d.name.value: d for d in definitions if not isinstance(d, OperationDefinitionNode)}
            allowed = ANONYMOUS_FIELDS | (INTROSPECTION_FIELDS if self.allow_introspection else frozenset())
            for operation in definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                if context.operation_name and (
                    operation.name is None or operation.name.value != context.operation_name
                ):
                    continue
                if set(_root_fields(operation.selection_set, dict(fragments))) - allowed:
                    context.result = ExecutionResult(
                        data=None,
                        errors=[
                            GraphQLError(
                                "需要登录：请先调用 login，并在请求头携带 Authorization: Bearer <token>",
                                extensions={"code": "UNAUTHENTICATED"},
                            )
                        ],
                    )
        yield


class ProductionAuthenticationGate(AuthenticationGate):
    allow_introspection = False


class AuditSensitiveReads(SchemaExtension):
    """One audit record per object whose sensitive fields a request read unmasked."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        reads = getattr(context, "sensitive_reads", None)
        if not reads:
            return
        operation = self.execution_context.operation_name or "query"
        await AuditEvent.bulk_create(
            [
                event(
                    AuditAction.SENSITIVE_READ,
                    context.principal,
                    operation=operation,
                    target_type=type_name,
                    target_id=pk,
                    fields=names,
                )
                for (type_name, pk), names in sorted(reads.items())
            ]
        )


#: exceptions that mean the client asked for something impossible, not that we failed
CLIENT_FAULTS = (GraphQLError, ServiceError, GlobalIDValueError, FieldValidationError)


class ServiceErrorsAsGraphQLErrors(SchemaExtension):
    """A rule refusing a query argument (e.g. a filter outside scope), a malformed global ID
    or a filter value no column could hold reads like a userError: a message and a stable
    code, instead of an internal error."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if isinstance(original, ServiceError):
                error.message = original.message
                error.extensions = {"code": original.code, "field": original.field}
            elif isinstance(original, GlobalIDValueError):
                error.message = "不是有效的全局 ID"
                error.extensions = {"code": ErrorCode.INVALID_ID.value}
            elif isinstance(original, FieldValidationError):
                # a filter value no column could hold (too long, say): the client's mistake;
                # the message would echo the value, so it is replaced
                error.message = "取值超出字段限制"
                error.extensions = {"code": ErrorCode.INVALID_VALUE.value}
