package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
	"github.com/streamgate/streamgate/server/gate"
)

func wireGate(m *mounter) error {
	path, h := gatev1connect.NewGateServiceHandler(gate.New(), m.opts...)
	m.handle(gatev1connect.GateServiceName, path, h)
	return nil
}
