package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/streamgate/streamgate/db/dbq"
	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
)

// Type is an event type as it is named on the wire.
type Type string

// The event types; EventType in webhook.proto documents each one's data.
const (
	VideoCreated         Type = "video.created"
	VideoUploadCompleted Type = "video.upload.completed"
	VideoReady           Type = "video.ready"
	VideoFailed          Type = "video.failed"
	VideoDeleted         Type = "video.deleted"
	GateRuleChanged      Type = "gate.rule.changed"
	// AccessRevoked is defined for the chain watcher, which emits it.
	AccessRevoked Type = "access.revoked"
)

var typeToProto = map[Type]webhookv1.EventType{
	VideoCreated:         webhookv1.EventType_EVENT_TYPE_VIDEO_CREATED,
	VideoUploadCompleted: webhookv1.EventType_EVENT_TYPE_VIDEO_UPLOAD_COMPLETED,
	VideoReady:           webhookv1.EventType_EVENT_TYPE_VIDEO_READY,
	VideoFailed:          webhookv1.EventType_EVENT_TYPE_VIDEO_FAILED,
	VideoDeleted:         webhookv1.EventType_EVENT_TYPE_VIDEO_DELETED,
	GateRuleChanged:      webhookv1.EventType_EVENT_TYPE_GATE_RULE_CHANGED,
	AccessRevoked:        webhookv1.EventType_EVENT_TYPE_ACCESS_REVOKED,
}

func typeFromProto(t webhookv1.EventType) (Type, bool) {
	for k, v := range typeToProto {
		if v == t {
			return k, true
		}
	}
	return "", false
}

// envelope is the body every endpoint receives, in the Standard
// Webhooks shape: the type, when it happened, and the data, which is the
// API's own message for the thing that changed, as protojson.
type envelope struct {
	Type      Type            `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Enqueue records an event about subject (a video id) for every enabled
// endpoint of owner that wants typ, inside the caller's transaction q, so
// the event exists exactly when the change it reports is committed. With
// no such endpoint it writes nothing. Call it from the transaction that
// makes the change.
func Enqueue(ctx context.Context, q *dbq.Queries, typ Type, owner string, subject uuid.UUID, data proto.Message) error {
	js, err := protojson.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", typ, err)
	}
	body, err := json.Marshal(envelope{Type: typ, Timestamp: time.Now().UTC().Format(time.RFC3339Nano), Data: js})
	if err != nil {
		return fmt.Errorf("encode %s event: %w", typ, err)
	}
	if _, err := q.EnqueueWebhookEvent(ctx, dbq.EnqueueWebhookEventParams{
		OwnerAddress: owner, Type: string(typ), ID: uuid.New(), Subject: subject.String(), Body: string(body),
	}); err != nil {
		return fmt.Errorf("enqueue %s event: %w", typ, err)
	}
	return nil
}
