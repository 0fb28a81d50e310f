package gate

import (
	"context"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
	"github.com/streamgate/streamgate/server/acl"
	"github.com/streamgate/streamgate/server/webhook"
)

// ruleChanged records gate.rule.changed for the caller's video in the
// transaction q that changed its rule; rule is nil when it was cleared.
// Only the owner changes a rule, so the caller is the owner.
func ruleChanged(ctx context.Context, q *dbq.Queries, id uuid.UUID, rule *gatev1.Rule) error {
	return webhook.Enqueue(ctx, q, webhook.GateRuleChanged, acl.Viewer(ctx), id, &webhookv1.RuleChange{VideoId: id.String(), Rule: rule})
}
