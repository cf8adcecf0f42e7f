package chat_test

import (
	"testing"

	"github.com/cascade-platform/cascade/chat"
	"github.com/cascade-platform/cascade/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// The same rules hold on the real store (embedded FerretDB, or CASCADE_TEST_MONGODB_URI).
func realStore(t *testing.T) chat.Store { return storetest.NewDB(t) }

func TestStoreOrderTenSenders(t *testing.T)     { testOrderTenSenders(t, realStore) }
func TestStoreIdempotentSend(t *testing.T)      { testIdempotentSend(t, realStore) }
func TestStoreResumeAfterGap(t *testing.T)      { testResumeAfterGap(t, realStore) }
func TestStoreSeqTakenElsewhere(t *testing.T)   { testSeqTakenElsewhere(t, realStore) }
func TestStoreResendsLeaveNoHoles(t *testing.T) { testResendsLeaveNoHoles(t, realStore) }
