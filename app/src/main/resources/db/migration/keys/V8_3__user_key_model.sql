-- A key may name the model its turns ask for: a user's Ollama or vLLM server rarely serves Rill's default model.
ALTER TABLE user_keys ADD COLUMN model text;
