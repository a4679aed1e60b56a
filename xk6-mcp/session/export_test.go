package session

// StdioPID returns the process ID of a stdio session's server.
func StdioPID(s *Session) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cn.pid
}
