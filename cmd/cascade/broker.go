package main

import (
	"log/slog"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/chat/natsbroker"
	"github.com/cascade-platform/cascade/peers"
)

// openBroker returns the in-process broker, or with a NATS URL one that reaches the other
// instances, with the bus for the instances' events (nil in process) and what closes it.
func openBroker(cfg config, log *slog.Logger) (chat.Broker, peers.Bus, func(), error) {
	if cfg.natsURL == "" {
		log.Info("broker", "kind", "in-process")
		return chat.NewLocalBroker(), nil, func() {}, nil
	}
	log.Info("broker", "kind", "nats", "url", redactedURI(cfg.natsURL))
	b, err := natsbroker.Connect(cfg.natsURL, natsbroker.Options{Log: log})
	if err != nil {
		return nil, nil, nil, err
	}
	return b, b, b.Close, nil
}
