#!/usr/bin/env python
# coding: utf-8

# # Lab 3: Retrieval-augmented generation with LlamaIndex and Amazon Bedrock
#
# In this lab we index the hawker-stall tender documents and ask questions about them.
# The LLM is **Claude 3 Haiku** (`anthropic.claude-3-haiku-20240307-v1:0`) and the
# embeddings come from **Titan Text Embeddings v2** (`amazon.titan-embed-text-v2:0`).
#
# > Make sure model access is granted for both models in the Bedrock console.

# In[1]:


get_ipython().system('pip install -q llama-index llama-index-llms-bedrock llama-index-embeddings-bedrock')


# In[2]:


import boto3
from IPython.display import Markdown, display
from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.bedrock import BedrockEmbedding, Models
from llama_index.llms.bedrock import Bedrock

session = boto3.Session(region_name="us-east-1")


# ## Configure the models
#
# `Bedrock(model=...)` takes the model ID; `context_size` is required for models the
# integration does not know, e.g. `us.meta.llama3-2-90b-instruct-v1:0`.

# In[3]:


llm = Bedrock(model="anthropic.claude-3-haiku-20240307-v1:0", context_size=200000, temperature=0.1)  # expect: BRL101
Settings.llm = llm
Settings.embed_model = BedrockEmbedding(model_name=Models.TITAN_EMBEDDING_V2_0)
Settings.chunk_size = 512


# In[4]:


documents = SimpleDirectoryReader("./data/tenders").load_data()
index = VectorStoreIndex.from_documents(documents)
query_engine = index.as_query_engine(similarity_top_k=4)


# In[5]:


response = query_engine.query("What is the minimum bid for a stall at Maxwell Food Centre?")
display(Markdown(f"**Answer** ({llm.model}):\n\n{response}"))


# ## Optional: compare with Titan Text Express
#
# Titan Text Express (`amazon.titan-text-express-v1`) is cheaper but answers less precisely.

# In[6]:


titan = Bedrock(model="amazon.titan-text-express-v1", profile_name="workshop")  # expect: BRL101
titan_engine = index.as_query_engine(llm=titan)
print(titan_engine.query("Summarise the tender rules in three bullets."))


# In[7]:


# Clean-up: the index is in memory only.
del index, query_engine
