package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
	"github.com/streamgate/streamgate/server/gate"
)

func wireGate(m *mounter) error {
	g, err := m.gateChecker()
	if err != nil {
		return err
	}
	if err := m.wireRevoke(); err != nil {
		return err
	}
	path, h := gatev1connect.NewGateServiceHandler(gate.New(g), m.opts...)
	m.handle(gatev1connect.GateServiceName, path, h)
	return nil
}
