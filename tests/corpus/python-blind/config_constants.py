"""Central configuration for the document assistant (imported by service.py and ingest.py)."""

AWS_REGION = "us-east-1"

# Bedrock LLM used for answering questions
LLM_MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0"  # expect: BRL101
# Cheaper model used to classify incoming questions
ROUTER_MODEL_ID = "amazon.nova-micro-v1:0"  # expect: BRL101
# Bedrock embedding model ID (index was built with 1024 dims)
EMBED_MODEL_ID = "amazon.titan-embed-text-v2:0"
# Reranker (Bedrock Rerank API)
RERANK_MODEL_ARN = "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"
RERANK_MODEL_NAME = "BAAI/bge-reranker-v2-m3"  # huggingface fallback when offline

KNOWLEDGE_BASE_ID = "KB12345678"
GUARDRAIL_ID = "gr-abc123"
GUARDRAIL_VERSION = "3"

MAX_TOKENS = 2048
TEMPERATURE = 0.0
TOP_K = 8

SUPPORT_EMAIL = "genai-team@amazon.com"
PROMPT_FILE = "prompts/meta.v2.json"
