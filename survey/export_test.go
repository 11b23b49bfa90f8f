package survey

// Queued is how many submissions wait in s's lanes (tests wait for a batch to form).
func Queued(s *Submitter) int {
	n := 0
	for _, l := range s.lanes {
		n += len(l)
	}
	return n
}
