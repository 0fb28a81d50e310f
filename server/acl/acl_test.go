package acl_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/acl"
)

func TestSeeAndChange(t *testing.T) {
	t.Parallel()
	const owner = "0x620AA3Db6DF3610cbd637f472d80618F98022423"
	const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	id := uuid.New()
	for _, c := range []struct {
		name       string
		visibility dbq.VideoVisibility
		address    string
		see, alter error
	}{
		{"owner, private", dbq.VideoVisibilityPrivate, owner, nil, nil},
		{"owner in lower case, private", dbq.VideoVisibilityPrivate, strings.ToLower(owner), nil, nil},
		{"other, private", dbq.VideoVisibilityPrivate, other, db.ErrNotFound, db.ErrNotFound},
		{"anonymous, private", dbq.VideoVisibilityPrivate, "", db.ErrNotFound, db.ErrNotFound},
		{"other, unlisted", dbq.VideoVisibilityUnlisted, other, nil, acl.ErrNotOwner},
		{"other, public", dbq.VideoVisibilityPublic, other, nil, acl.ErrNotOwner},
		{"anonymous, public", dbq.VideoVisibilityPublic, "", nil, acl.ErrNotOwner},
		{"owner, public", dbq.VideoVisibilityPublic, owner, nil, nil},
	} {
		v := acl.Of(id, owner, c.visibility)
		if err := acl.See(v, c.address); !is(err, c.see) {
			t.Errorf("%s: See = %v, want %v", c.name, err, c.see)
		}
		if err := acl.Change(v, c.address); !is(err, c.alter) {
			t.Errorf("%s: Change = %v, want %v", c.name, err, c.alter)
		}
	}
	if acl.Owns("", "") {
		t.Error("an anonymous caller owns a video without owner")
	}
}

func is(err, want error) bool {
	if want == nil {
		return err == nil
	}
	return errors.Is(err, want)
}
