"""Channel-agnostic worker conversations: pure logic that takes state and input, returns replies."""
