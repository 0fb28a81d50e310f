package gate_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"

	gatev1 "github.com/streamgate/streamgate/gen/streamgate/gate/v1"
)

// TestPrivateVideoIsTheOwnersBusiness: a private video's rule and access
// decisions are NotFound to anyone but its owner, as in the catalog, for
// reads and changes alike.
func TestPrivateVideoIsTheOwnersBusiness(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	v := e.video(creator)
	if _, err := e.store.Pool().Exec(ctx, "UPDATE videos SET visibility = 'private' WHERE id = $1", v); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.GetAccessRule(ctx, as(creator, &gatev1.GetAccessRuleRequest{VideoId: v.String()})); err != nil {
		t.Fatalf("owner reading the rule: %v", err)
	}
	for name, k := range map[string]any{"another wallet": other, "anonymous": nil} {
		req := &gatev1.GetAccessRuleRequest{VideoId: v.String()}
		var err error
		if k == nil {
			_, err = e.client.GetAccessRule(ctx, connect.NewRequest(req))
		} else {
			_, err = e.client.GetAccessRule(ctx, as(other, req))
		}
		if connect.CodeOf(err) != connect.CodeNotFound {
			t.Errorf("%s reading a private video's rule: %v, want not_found", name, err)
		}
	}
	if _, err := e.check(other, v); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another wallet checking a private video: %v, want not_found", err)
	}
	if res, err := e.check(creator, v); err != nil || !res.Allowed {
		t.Errorf("owner checking their private video: %v %v", res, err)
	}
	// Changing or explaining it is no different: to another wallet the
	// video does not exist (server/acl), where a public one answers
	// permission_denied.
	if _, err := e.client.ClearAccessRule(ctx, as(other, &gatev1.ClearAccessRuleRequest{VideoId: v.String()})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another wallet clearing a private video's rule: %v, want not_found", err)
	}
	if _, err := e.client.ExplainAccess(ctx, as(other, &gatev1.ExplainAccessRequest{VideoId: v.String(), Address: addr(creator)})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another wallet explaining a private video: %v, want not_found", err)
	}
}
